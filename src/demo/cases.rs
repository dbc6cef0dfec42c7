//! The demo cases: thirty incidents written for Twinwise from public reporting.
//!
//! Two kinds of case live here, and the seed says which in each narrative:
//! - **documented** (`composite: false`, never anonymised): the city is named and the text keeps
//!   to what the public sources under `references` report;
//! - **composite** (`composite: true`, always anonymised): an illustrative case in the shape of
//!   the public reporting, attributed to no real city; its references describe similar events.
//!
//! Authors, commenters and "we faced this too" marks name demo accounts by their key in
//! [`super::AUTHORS`]. Every case is published through the real workflows by [`super::seed`].

use crate::domain::case_fields::{
    CaseResponse as R, Channel as Ch, CounterpartKind as K, DemandKind as D, Topic as T,
};
use crate::domain::sensitivity::{Anonymity as A, Tlp};

/// A public source a case cites.
#[derive(Debug, Clone, Copy)]
pub struct Source {
    pub title: &'static str,
    pub url: &'static str,
}

/// Who made the demand (a counterparts-registry entry, shared by every case naming it).
#[derive(Debug, Clone, Copy)]
pub struct Counterpart {
    pub name: &'static str,
    pub kind: K,
    /// ISO code of the country the counterpart sits in.
    pub country: &'static str,
    pub city: &'static str,
}

/// One demo case with its discussion.
#[derive(Debug, Clone, Copy)]
pub struct DemoCase {
    /// Key of the author in `AUTHORS`.
    pub author: &'static str,
    pub composite: bool,
    pub occurred_on: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub narrative: &'static str,
    pub topics: &'static [T],
    pub demands: &'static [D],
    pub counterpart: &'static Counterpart,
    pub channel: Ch,
    pub response: R,
    pub outcome: &'static str,
    pub lessons: &'static str,
    pub references: &'static [Source],
    pub tlp: Tlp,
    /// AMBER only: the countries whose members may read it.
    pub audience: &'static [&'static str],
    pub anonymity: A,
    /// Dated entries the author adds after publication.
    pub timeline: &'static [(&'static str, &'static str)],
    /// (commenter key, comment).
    pub comments: &'static [(&'static str, &'static str)],
    /// Keys of members whose city faced the same.
    pub faced_by: &'static [&'static str],
}

// ---------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------

const GMF: Source = Source {
    title: "Cities Need to Talk About China (GMF Transatlantic Take, 5 May 2021)",
    url: "https://www.gmfus.org/news/cities-need-talk-about-china",
};
const ISPI: Source = Source {
    title: "Ties that Bind: China's BRI and City Diplomacy in a Shifting World Order (ISPI, 7 July 2020)",
    url: "https://www.ispionline.it/en/pubblicazione/ties-bind-chinas-bri-and-city-diplomacy-shifting-world-order-26852",
};
const LEFFEL: Source = Source {
    title: "Sino-U.S. Sister City Relations: Subnational Networks and Paradiplomacy (Rising Powers Quarterly)",
    url: "https://risingpowersproject.com/quarterly/sino-u-s-sister-city-relations-subnational-networks-and-paradiplomacy/",
};
const PRAGUE_BEIJING: Source = Source {
    title: "Official: Prague and Beijing to End Sister-City Relations (Prague Morning, October 2019)",
    url: "https://www.praguemorning.cz/official-prague-and-beijing-to-end-sister-city-relations/",
};
const PRAGUE_BEIJING_CLAUSE: Source = Source {
    title: "Prague Decided to Terminate Sister City Relationship with Beijing (Chinascope, October 2019)",
    url: "http://chinascope.org/archives/20013",
};
const PRAGUE_TAIPEI_APPROVED: Source = Source {
    title: "Prague councillors approve signing of sister-city pact with Taipei (Radio Prague International, 12 December 2019)",
    url: "https://www.radio.cz/en/section/news/prague-councillors-approve-signing-of-sister-city-pact-with-taipei",
};
const SHANGHAI_PRAGUE: Source = Source {
    title: "Shanghai Terminates Sister-City Agreement with Prague (Prague Morning, January 2020)",
    url: "https://www.praguemorning.cz/shanghai-terminates-sister-city-agreement-with-prague/",
};
const SHANGHAI_PRAGUE_RADIO: Source = Source {
    title: "Shanghai cuts all official ties with Prague following Taipei partner agreement (Radio Prague International, 14 January 2020)",
    url: "https://www.radio.cz/en/section/news/shanghai-cuts-all-official-ties-with-prague-following-taipei-partner-agreement",
};
const PRAGUE_MAYOR_SCMP: Source = Source {
    title: "Prague mayor hits out at 'unreliable' China, as Czech capital switches from Beijing to Taipei in twinning deal (SCMP, 12 January 2020)",
    url: "https://www.scmp.com/news/china/diplomacy/article/3045739/prague-mayors-hits-out-unreliable-china-czech-capital-swaps",
};
const SENATE_HEAVY_PRICE: Source = Source {
    title: "Czech Senate chair to pay \"high price\" for his travel to Taiwan, Chinese foreign minister says (bne IntelliNews, 31 August 2020)",
    url: "https://intellinews.com/czech-senate-chair-to-pay-high-price-for-his-travel-to-taiwan-chinese-foreign-minister-says-190826/",
};
const SENATE_REBUKE: Source = Source {
    title: "Beijing's Threats Against Czech Senator Visiting Taiwan Draws Rebuke From Czech Republic (Epoch Times, 31 August 2020)",
    url: "https://www.theepochtimes.com/beijings-threats-against-czech-senator-visiting-taiwan-draws-rebuke-from-czech-republic_3482180.html",
};
const SENATE_PLAN: Source = Source {
    title: "Czech Senate president to visit Taiwan by autumn (Taipei Times, 7 June 2020)",
    url: "https://www.taipeitimes.com/News/front/archives/2020/06/07/2003737775",
};
const MILAN_DALAI_LAMA: Source = Source {
    title: "Milan made the Dalai Lama an honorary citizen and China isn't happy (The Local Italy, 20 October 2016)",
    url: "https://www.thelocal.it/20161020/milan-made-the-dalai-lama-an-honorary-citizen-and-china-isnt-happy",
};
const SWEDISH_CITIES: Source = Source {
    title: "Multiple Swedish Cities Terminated Sister City Agreement with China (Chinascope, 2020)",
    url: "http://chinascope.org/archives/22968",
};
const LINKOPING: Source = Source {
    title: "Göteborg will Städtepartnerschaft mit Shanghai beenden (Yuanming, 2020; on Linköping and Guangzhou)",
    url: "https://yuanming.de/articles/goteborg-will-stadtepartnerschaft-mit-shanghai-beenden.html",
};
const GOTHENBURG_QZ: Source = Source {
    title: "The surprisingly vital role sister cities play in Chinese diplomacy (Quartz, April 2020)",
    url: "https://qz.com/1846303/sister-cities-play-surprisingly-vital-role-in-eu-chinese-relations/",
};
const SWEDEN_CI: Source = Source {
    title: "Sweden has closed all Confucius Institutes and Classrooms (ScandAsia, May 2020)",
    url: "https://scandasia.com/sweden-has-closed-all-confucius-institutes-and-classrooms/",
};
const SWEDEN_CI_TIMES: Source = Source {
    title: "Swedes axe China-backed Confucius school scheme as relations sour (The Times, April 2020)",
    url: "https://www.thetimes.co.uk/article/swedes-axe-china-backed-confucius-school-scheme-as-relations-sour-7n56ld2v3",
};
const GOTHENBURG_TAIWAN: Source = Source {
    title: "Chinese embassy warns Swedish city against closer ties with Taiwan (Taiwan News, 9 February 2024)",
    url: "https://www.taiwannews.com.tw/en/news/5093549",
};
const ANNAPOLIS_AP: Source = Source {
    title: "Annapolis gets 40,000 mask donations from Chinese city Changsha (AP via CBS Baltimore, 12 August 2020)",
    url: "https://baltimore.cbslocal.com/2020/08/12/annapolis-gets-40000-mask-donations-from-chinese-city-changsha/",
};
const ANNAPOLIS_CGTN: Source = Source {
    title: "Maryland's capital receives face masks donations from Chinese sister city (CGTN, 14 August 2020)",
    url: "https://news.cgtn.com/news/2020-08-14/Annapolis-receives-donation-of-face-masks-from-sister-city-in-China-SWxl6VMGpW/index.html",
};
const US_SISTER_CITIES_MASKS: Source = Source {
    title: "US sister cities get help from Chinese friends in virus fight (China Daily, 22 April 2020)",
    url: "https://global.chinadaily.com.cn/a/202004/22/WS5e9fbcb6a3105d50a3d18050.html",
};
const WISCONSIN_EXAMINER: Source = Source {
    title: "Chinese government asks Wisconsin Senate for a commendation (Wisconsin Examiner, 10 April 2020)",
    url: "https://wisconsinexaminer.com/2020/04/10/chinese-government-asks-wisconsin-senate-for-a-commendation/",
};
const WISCONSIN_NR: Source = Source {
    title: "Chinese Consulate Asked Wisconsin State Senate to Praise CCP, Emails Show (National Review via Yahoo News, April 2020)",
    url: "https://news.yahoo.com/chinese-consulate-asked-wisconsin-state-142246119.html",
};
const LITHUANIA_RECALL: Source = Source {
    title: "China recalls ambassador from Lithuania over Taiwan office name (Taiwan News, 10 August 2021)",
    url: "https://www.taiwannews.com.tw/en/news/4267644",
};
const LITHUANIA_OWN_RECALL: Source = Source {
    title: "Lithuania recalls ambassador from Beijing (Taiwan News, 3 September 2021)",
    url: "https://www.taiwannews.com.tw/en/news/4281058",
};
const DUISBURG_HUAWEI: Source = Source {
    title: "Germany's 'China City' Duisburg cuts ties with Huawei, citing Beijing's relations with Russia (SCMP, 9 November 2022)",
    url: "https://www.scmp.com/news/china/diplomacy/article/3199049/germanys-china-city-duisburg-cuts-ties-huawei-citing-beijings-relations-russia",
};
const GELSENKIRCHEN_HUAWEI: Source = Source {
    title: "Auch Gelsenkirchen stoppt Huawei-Projekt (Rheinische Post, November 2022)",
    url: "https://rp-online.de/wirtschaft/auch-gelsenkirchen-stoppt-huawei-projekt_aid-79922145",
};
const TIBET_FLAG_CAMPAIGN: Source = Source {
    title: "470 town halls fly the flag for Tibet on 10 March (Gemeinde Rüdersdorf)",
    url: "https://www.ruedersdorf.de/:translation/en/gv-ruedersdorf/de/news/alle-meldungen/470-rathaeuser-zeigen-am-10-maerz-flagge-fuer-tibet",
};
const TIBET_UPRISING_DAY: Source = Source {
    title: "64th Tibet Uprising Day commemorated worldwide (Tibetan Review, 11 March 2023)",
    url: "https://www.tibetanreview.net/64th-tibet-uprising-day-commemorated-worldwide/",
};
const TOWER_HAMLETS_MOTION: Source = Source {
    title: "Concerns about Treatment of Uyghur Muslims in China and the Situation in Hong Kong (Tower Hamlets Liberal Democrats, 2020)",
    url: "https://www.towerhamletslibdems.org.uk/councillors_raise_concerns_about_treatment_of_uyghur_muslims_in_china_amid_embassy_move_to_wapping",
};
const KAZAKHSTAN_EXHIBITION: Source = Source {
    title: "MOFA slams China for sabotaging Taiwanese art expo in Kazakhstan (Focus Taiwan, 21 September 2025)",
    url: "https://focustaiwan.tw/politics/202509210008",
};

// ---------------------------------------------------------------------------------------------
// Counterparts
// ---------------------------------------------------------------------------------------------

const CPAFFC: Counterpart = Counterpart {
    name: "Chinese People's Association for Friendship with Foreign Countries",
    kind: K::FriendshipAssociation,
    country: "CN",
    city: "Beijing",
};
const BEIJING: Counterpart = Counterpart {
    name: "Beijing Municipal People's Government",
    kind: K::PartnerCity,
    country: "CN",
    city: "Beijing",
};
const SHANGHAI: Counterpart = Counterpart {
    name: "Shanghai Municipal People's Government",
    kind: K::PartnerCity,
    country: "CN",
    city: "Shanghai",
};
const CHANGSHA: Counterpart = Counterpart {
    name: "Changsha Municipal People's Government",
    kind: K::PartnerCity,
    country: "CN",
    city: "Changsha",
};
const BEILUN: Counterpart = Counterpart {
    name: "Ningbo Beilun District People's Government",
    kind: K::PartnerCity,
    country: "CN",
    city: "Ningbo",
};
const PARTNER_PROVINCE_FAO: Counterpart = Counterpart {
    name: "Foreign Affairs Office of a partner province",
    kind: K::ProvincialFao,
    country: "CN",
    city: "",
};
const EMBASSY_CZ: Counterpart = Counterpart {
    name: "Embassy of the People's Republic of China in the Czech Republic",
    kind: K::Embassy,
    country: "CZ",
    city: "Prague",
};
const EMBASSY_IT: Counterpart = Counterpart {
    name: "Embassy of the People's Republic of China in Italy",
    kind: K::Embassy,
    country: "IT",
    city: "Rome",
};
const EMBASSY_SE: Counterpart = Counterpart {
    name: "Embassy of the People's Republic of China in Sweden",
    kind: K::Embassy,
    country: "SE",
    city: "Stockholm",
};
const EMBASSY_LT: Counterpart = Counterpart {
    name: "Embassy of the People's Republic of China in Lithuania",
    kind: K::Embassy,
    country: "LT",
    city: "Vilnius",
};
const EMBASSY_AT: Counterpart = Counterpart {
    name: "Embassy of the People's Republic of China in Austria",
    kind: K::Embassy,
    country: "AT",
    city: "Vienna",
};
const CONSULATE_CA: Counterpart = Counterpart {
    name: "Chinese consulate general in Canada (location withheld)",
    kind: K::Consulate,
    country: "CA",
    city: "",
};
const CONSULATE_DE: Counterpart = Counterpart {
    name: "Chinese consulate general in Germany (location withheld)",
    kind: K::Consulate,
    country: "DE",
    city: "",
};
const CONSULATE_GB: Counterpart = Counterpart {
    name: "Chinese consulate general in the United Kingdom (location withheld)",
    kind: K::Consulate,
    country: "GB",
    city: "",
};
const CONSULATE_IT: Counterpart = Counterpart {
    name: "Chinese consulate general in Italy (location withheld)",
    kind: K::Consulate,
    country: "IT",
    city: "",
};
const CONSULATE_US: Counterpart = Counterpart {
    name: "Chinese consulate general in the United States (location withheld)",
    kind: K::Consulate,
    country: "US",
    city: "",
};
const HANBAN: Counterpart = Counterpart {
    name: "Confucius Institute Headquarters (Hanban)",
    kind: K::University,
    country: "CN",
    city: "Beijing",
};
const PARTNER_UNIVERSITY: Counterpart = Counterpart {
    name: "University in a Chinese partner city",
    kind: K::University,
    country: "CN",
    city: "",
};
const HUAWEI: Counterpart = Counterpart {
    name: "Huawei Technologies",
    kind: K::Company,
    country: "CN",
    city: "Shenzhen",
};
const TELECOM_SUBSIDIARY: Counterpart = Counterpart {
    name: "European subsidiary of a Chinese telecom equipment maker",
    kind: K::Company,
    country: "NL",
    city: "",
};
const FRIENDSHIP_ASSOCIATION_FR: Counterpart = Counterpart {
    name: "Local Franco-Chinese friendship association",
    kind: K::FriendshipAssociation,
    country: "FR",
    city: "",
};
const STUDENTS_ASSOCIATION: Counterpart = Counterpart {
    name: "Local Chinese students and scholars association",
    kind: K::FriendshipAssociation,
    country: "LT",
    city: "",
};
const STATE_MEDIA_US: Counterpart = Counterpart {
    name: "Chinese state media outlet (US bureau)",
    kind: K::Media,
    country: "US",
    city: "",
};

// ---------------------------------------------------------------------------------------------
// Cases, oldest first (the seed publishes them in date order)
// ---------------------------------------------------------------------------------------------

pub const CASES: &[DemoCase] = &[
    DemoCase {
        author: "giulia",
        composite: false,
        occurred_on: "2016-10-19",
        title: "Embassy protests Milan's honorary citizenship for the Dalai Lama",
        summary: "On the eve of the Dalai Lama's visit in October 2016, the Chinese embassy in Rome publicly condemned the decision to make him an honorary citizen of Milan and warned of damage to Italian–Chinese relations. The ceremony went ahead as planned.",
        narrative: "The honorary citizenship had been approved by the previous city council, and the ceremony was planned for the Dalai Lama's visit in October 2016.

- The day before he arrived, the embassy published a statement saying the honour had *seriously wounded the feelings of the Chinese people* and would harm bilateral relations and regional cooperation between Italy and China.
- The embassy did not write to the city; its message reached us through the press and through journalists' questions.
- On the day, around a hundred members of the city's Chinese community demonstrated outside the theatre where the honour was conferred, waving Italian and Chinese flags. A smaller group of Tibetans gathered nearby, and the police kept the two apart.

The mayor welcomed the guest at the airport, and the keys of the city were presented at the theatre as planned.",
        topics: &[T::Tibet],
        demands: &[D::CancelEvent, D::RefuseMeeting],
        counterpart: &EMBASSY_IT,
        channel: Ch::ThirdParty,
        response: R::Declined,
        outcome: "The honour was conferred. Beyond the embassy's statement and the demonstration we recorded no measures against the city.",
        lessons: "A decision taken by the council is easier to defend than one taken by the executive alone: point to it. Prepare a short, calm public line before the visit, and talk to local Chinese community associations early so that any protest stays peaceful.",
        references: &[MILAN_DALAI_LAMA],
        tlp: Tlp::Clear,
        audience: &[],
        anonymity: A::None,
        timeline: &[],
        comments: &[(
            "member",
            "A useful reminder that embassies often answer through the media rather than by letter. We saw the same pattern around our partnership vote in 2019.",
        )],
        faced_by: &["member", "tereza"],
    },
    DemoCase {
        author: "sanne",
        composite: true,
        occurred_on: "2019-03-18",
        title: "Friendship association asks the mayor to sign a Belt and Road declaration",
        summary: "Ahead of a friendship-cities conference in China, the organisers emailed a draft joint declaration for the mayor to sign. One paragraph committed the city to support and take part in the Belt and Road Initiative. We asked for that paragraph to be removed and signed only the rest.",
        narrative: "The invitation came by email from the association's European department, with a programme, a hotel form and a two-page draft declaration *to be adopted by all participating mayors*.

Most of the text was harmless: exchanges on urban renewal, ports, culture and youth. The fourth paragraph was not. It said that the signatory cities **welcome and actively support** the Belt and Road Initiative and will align their cooperation plans with it.

Our national government does not endorse the initiative, and our port authority has its own commercial relationships in China. A political endorsement signed by the mayor would have been read as city policy. We replied that the mayor could sign a text on practical cooperation but not one endorsing another government's foreign-policy programme. After two exchanges the organisers sent a version *for our city only* without the paragraph.",
        topics: &[T::BeltAndRoad],
        demands: &[D::EndorsePolicy],
        counterpart: &CPAFFC,
        channel: Ch::Email,
        response: R::Negotiated,
        outcome: "The mayor attended and signed the shortened declaration. The conference press release still listed our city among those supporting the Belt and Road; we corrected this in our own communication.",
        lessons: "Ask for the full text of any declaration before accepting an invitation. Expect the press release to say more than the signed text, and prepare your own line. Check whether other invited cities received the same draft: several did.",
        references: &[ISPI, GMF],
        tlp: Tlp::Clear,
        audience: &[],
        anonymity: A::HideCity,
        timeline: &[
            ("2019-04-02", "Reply sent: the mayor can sign a text on practical cooperation only; paragraph 4 has to go."),
            ("2019-04-24", "The organisers send a version without the Belt and Road paragraph."),
        ],
        comments: &[
            ("camille", "We received what looks like the same draft a few weeks later. Your case helped us answer quickly."),
            ("agnieszka", "Same here. Ours still had the paragraph in the \"final\" version."),
        ],
        faced_by: &["camille", "agnieszka"],
    },
    DemoCase {
        author: "camille",
        composite: true,
        occurred_on: "2019-04-29",
        title: "Paid trip to a friendship-cities forum, with a Belt and Road declaration to sign on stage",
        summary: "A formal letter invited our deputy mayor to a friendship-cities forum with all costs paid, and enclosed a declaration supporting the Belt and Road Initiative that participants were expected to sign on stage. We declined both the paid trip and the declaration.",
        narrative: "The letter arrived through the mayor's cabinet and was passed to our unit because it mentioned the city's long-standing partnership with a Chinese provincial capital.

It offered flights and hotel for two people and a speaking slot, and asked us to confirm that the deputy mayor would *join the signing of the forum declaration*. The declaration welcomed the Belt and Road Initiative as a new platform for cooperation between cities.

Having read a peer city's case on Twinwise, we compared the texts: the political paragraph was word for word the same. We answered that we value exchanges with our partner city, that our elected officials do not accept travel paid for by foreign governments, and that they do not sign declarations on national foreign-policy questions.",
        topics: &[T::BeltAndRoad],
        demands: &[D::EndorsePolicy, D::Inducement],
        counterpart: &CPAFFC,
        channel: Ch::Letter,
        response: R::Declined,
        outcome: "The organisers did not reply. Exchanges with the partner city continued that year between departments.",
        lessons: "Paid travel and a political text often arrive in the same envelope: separate them in your answer. A written rule on gifts and paid travel for elected officials makes the refusal impersonal.",
        references: &[ISPI, GMF],
        tlp: Tlp::Green,
        audience: &[],
        anonymity: A::HideCityAndCountry,
        timeline: &[("2019-05-06", "Reply sent declining the paid trip and the declaration.")],
        comments: &[(
            "sanne",
            "Identical paragraph to ours. It may be worth agreeing a common answer among member cities.",
        )],
        faced_by: &["sanne"],
    },
    DemoCase {
        author: "agnieszka",
        composite: true,
        occurred_on: "2019-05-27",
        title: "Repeated calls pressing the mayor to sign a Belt and Road declaration",
        summary: "After we had accepted an invitation to a friendship-cities conference, the organisers phoned our office several times asking whether the mayor would sign the joint declaration, which endorsed the Belt and Road Initiative. The mayor attended but did not sign.",
        narrative: "We had accepted the invitation before anyone read the declaration closely. When we did, we found the same Belt and Road paragraph that two other member cities had reported here.

Over two weeks the organisers called four times, each time with a different contact person, asking for written confirmation that the mayor would sign. One caller mentioned that cities which signed would be *given priority* for a stand at a trade fair.

We did not withdraw, because the programme included a session on air quality that our environment department wanted to attend. We told the organisers in writing that the mayor would take part in the sessions but would not sign any political declaration.",
        topics: &[T::BeltAndRoad],
        demands: &[D::EndorsePolicy],
        counterpart: &CPAFFC,
        channel: Ch::Phone,
        response: R::PartlyComplied,
        outcome: "The mayor took part in the sessions and left before the signing ceremony. A photo caption published by the organisers still named our city among the signatories; our request for a correction went unanswered.",
        lessons: "Read every annex before accepting an invitation. Confirm your position in writing after each phone call, because calls leave no record. Shared as AMBER for cities in neighbouring countries that deal with the same organisers.",
        references: &[ISPI, GMF],
        tlp: Tlp::Amber,
        audience: &["CZ", "HU", "PL", "SK"],
        anonymity: A::HideCity,
        timeline: &[
            ("2019-06-10", "Written confirmation sent: attendance yes, signature no."),
            ("2019-06-26", "Conference held; the mayor leaves before the signing, and the caption names the city anyway."),
        ],
        comments: &[(
            "member",
            "Thank you for sharing this with us. Our office had a similar series of calls the year before.",
        )],
        faced_by: &["member", "tereza"],
    },
    DemoCase {
        author: "member",
        composite: false,
        occurred_on: "2019-10-07",
        title: "Prague ends its partnership with Beijing over the \"one China\" article",
        summary: "The 2016 partnership agreement between Prague and Beijing contained an article in which Prague affirmed the \"one China\" policy and called Taiwan an inseparable part of China. From early 2019 Prague asked for that article to be removed. Beijing would not revise the text, and in October 2019 the city council ended the partnership.",
        narrative: "The partnership was signed in 2016, under the previous city leadership, after a state visit by China's president. Its third article was political: Prague undertook to respect the \"one China\" policy and acknowledged Taiwan as an inseparable part of Chinese territory.

A city has no foreign policy of its own to affirm. After the 2018 municipal election the new leadership proposed, in January 2019, to delete the article and keep the rest of the agreement. The Beijing side turned down the proposals and, in the end, stopped answering the city's letters and reminders.

With no prospect of a revision, the city council voted on 7 October 2019 to end the partnership. The mayor said publicly that the other side had repeatedly declined to remove clause three and had ignored the city's last message. The national government said it respected the \"one China\" policy but could not dictate to an elected city leadership.",
        topics: &[T::Taiwan, T::Tibet],
        demands: &[D::EndorsePolicy],
        counterpart: &BEIJING,
        channel: Ch::Letter,
        response: R::Declined,
        outcome: "The partnership ended. Planned tours of several Prague orchestras and ensembles in China were cancelled around the dispute. In January 2020 Prague signed a partnership agreement with Taipei (see the related case on Shanghai's reaction).",
        lessons: "Political clauses outlive the people who signed them: read every article as if it will be quoted back at you. Put a request for revision in writing, keep a record of reminders, and decide in advance what you will do if there is no answer. Expect retaliation to land on cultural institutions that had nothing to do with the agreement.",
        references: &[PRAGUE_BEIJING, PRAGUE_BEIJING_CLAUSE, GMF],
        tlp: Tlp::Clear,
        audience: &[],
        anonymity: A::None,
        timeline: &[
            ("2019-01-15", "January: the city asks Beijing to delete article 3 and keep the rest of the agreement."),
            ("2019-03-26", "Late March: the mayor visits Taiwan; Beijing criticises the trip."),
            ("2019-10-07", "The city council votes to end the partnership."),
            ("2020-01-13", "Prague signs a partnership agreement with Taipei."),
        ],
        comments: &[
            ("erik", "We reviewed our own agreement after reading about this and found a softer clause, but a clause nonetheless."),
            ("rasa", "The timeline is very helpful. Did anyone from the national foreign ministry advise the city before the vote?"),
            ("member", "Informally, yes. They stressed that the decision was the city's, which is what they then said in public."),
        ],
        faced_by: &["erik", "karin", "rasa"],
    },
    DemoCase {
        author: "karin",
        composite: false,
        occurred_on: "2019-11-15",
        title: "Linköping ends political contacts with Guangzhou after threats over the Gui Minhai prize",
        summary: "In November 2019 China's embassy in Stockholm threatened consequences after Sweden's culture minister attended the award of a free-speech prize to the detained Swedish publisher Gui Minhai. Linköping's municipal leadership responded by ending the city's partnership with Guangzhou and ruling out political contacts.",
        narrative: "Linköping's partnership with Guangzhou served mostly business and university contacts.

On 15 November 2019 Swedish PEN awarded its Tucholsky Prize to Gui Minhai, a Swedish citizen and publisher held in China. The culture minister attended despite warnings from the embassy, which then let it be known that she would be unwelcome in China and that there would be consequences.

The municipal leadership took the view that when a member of the national government, and through her the Swedish state, is threatened in this way, the conditions for political cooperation with Chinese authorities no longer exist. The mayor announced that the partnership would end and declined to receive a Chinese delegation.",
        topics: &[T::Dissidents],
        demands: &[D::Threat],
        counterpart: &EMBASSY_SE,
        channel: Ch::ThirdParty,
        response: R::Declined,
        outcome: "The partnership ended. Several other Swedish municipalities ended their Chinese partnerships in the months that followed.",
        lessons: "A city may decide that threats at national level change the basis of its own partnership; say so plainly and give the reason. Decide at the same time what happens to university and business contacts that ran under the partnership, so they are not left in limbo.",
        references: &[LINKOPING, SWEDISH_CITIES],
        tlp: Tlp::Clear,
        audience: &[],
        anonymity: A::None,
        timeline: &[],
        comments: &[(
            "erik",
            "Our decision on Shanghai a few months later drew on yours.",
        )],
        faced_by: &["erik", "ingrid"],
    },
    DemoCase {
        author: "tereza",
        composite: false,
        occurred_on: "2020-01-14",
        title: "Shanghai cuts ties the day after Prague signs with Taipei",
        summary: "On 13 January 2020 Prague signed a partnership agreement with Taipei. The next day the Shanghai city government announced that it was ending its own partnership with Prague and suspending all official exchanges, accusing the city of challenging the \"one China\" principle.",
        narrative: "After the partnership with Beijing ended in October 2019, the city assembly approved a new agreement with Taipei in December, covering business, science, tourism, education, health and culture. The two mayors signed it in the Old Town Hall on 13 January 2020.

Shanghai, also a partner of Prague, reacted the next day with a public statement rather than a letter. It said that Prague had repeatedly made wrong moves on Taiwan and other core interests of China, that the political basis for exchanges no longer existed, and that all official contacts were suspended with immediate effect. We learned of it from the news agencies and the Shanghai government's website.

The mayor answered publicly that cooperation with Shanghai had brought Prague little benefit, and that working with Taipei was more useful to the city.",
        topics: &[T::Taiwan],
        demands: &[D::EndTaiwanContacts, D::Threat],
        counterpart: &SHANGHAI,
        channel: Ch::SocialMedia,
        response: R::Declined,
        outcome: "Official contacts with Shanghai stopped. The Taipei partnership went ahead.",
        lessons: "Assume that your Chinese partner cities will act together, and review all of them when you change one. A public statement needs a public answer: short, factual and in more than one language.",
        references: &[SHANGHAI_PRAGUE, SHANGHAI_PRAGUE_RADIO, PRAGUE_TAIPEI_APPROVED, PRAGUE_MAYOR_SCMP],
        tlp: Tlp::Clear,
        audience: &[],
        anonymity: A::None,
        timeline: &[
            ("2019-12-12", "The city assembly approves the agreement with Taipei."),
            ("2020-01-13", "The agreement with Taipei is signed."),
            ("2020-01-14", "Shanghai announces that it ends the partnership and suspends official contacts."),
        ],
        comments: &[(
            "rasa",
            "Good point about reviewing all partnerships at once. We had not thought of the knock-on effect.",
        )],
        faced_by: &["rasa"],
    },
    DemoCase {
        author: "daniel",
        composite: true,
        occurred_on: "2020-03-10",
        title: "Consulate sends a ready-made council motion praising China's pandemic response",
        summary: "In early 2020 a consulate staff member emailed the council speaker from a private webmail address, asking the council to adopt a motion of solidarity with China's fight against the coronavirus. A draft was attached saying that China had been transparent and quick in sharing information.",
        narrative: "The first email looked like a prank: it came from a free webmail account and was signed only with a first name and *responsible for relations with your city*. A second email two weeks later repeated the request, and our protocol office confirmed through official channels that it really came from consulate staff.

The attached draft said that the council would continue to support China in stopping the virus, praised the lockdown measures and claimed that China had created *a window of opportunity* for other countries. A US state senate received an almost identical request at about the same time and made it public.

Our speaker declined in a two-line reply. Councillors discussed whether to publish the exchange and decided to share it with peer cities instead.",
        topics: &[T::Covid19],
        demands: &[D::EndorsePolicy],
        counterpart: &CONSULATE_CA,
        channel: Ch::Email,
        response: R::Declined,
        outcome: "No motion was tabled and we saw no follow-up.",
        lessons: "Verify unusual messages through protocol channels before answering. A ready-made motion is a request to endorse a policy, whatever it is called. Share such requests with peers: the same draft is rarely sent to one place only.",
        references: &[WISCONSIN_EXAMINER, WISCONSIN_NR],
        tlp: Tlp::Green,
        audience: &[],
        anonymity: A::HideCityAndCountry,
        timeline: &[],
        comments: &[
            ("megan", "We received one too, almost word for word."),
            ("fiona", "Ours came later and attached to a gift; see our case on the masks."),
        ],
        faced_by: &["megan"],
    },
    DemoCase {
        author: "olivia",
        composite: false,
        occurred_on: "2020-03-25",
        title: "Norfolk accepts protective equipment from its sister district in Ningbo",
        summary: "When the pandemic reached Virginia in March 2020, officials in Norfolk's sister district, Beilun in Ningbo, offered protective equipment through the Norfolk Sister City Association. The city accepted 2,000 masks, 500 gowns and 500 goggles, shipped at the donor's expense.",
        narrative: "Shortly before the state of emergency, pupils at one of our schools had video-chatted with students in several Chinese cities, including our sister district, about life under lockdown. A few days later, Beilun officials read how serious the situation had become in the United States and asked through the sister city association whether we needed masks.

The offer was accepted at once. Beilun paid for shipping and arranged delivery, which came in three parts because of disrupted logistics. No conditions were attached. Chinese state media later presented the donation as an example of sister-city friendship.",
        topics: &[T::Covid19],
        demands: &[D::Inducement],
        counterpart: &BEILUN,
        channel: Ch::ThirdParty,
        response: R::Complied,
        outcome: "The equipment was delivered in April 2020 and used by city services. The donation featured in Chinese state media coverage, which we had not been asked about.",
        lessons: "Expect a donation to appear in the donor's own public messaging; decide whether you mind before accepting. A sister-city association can receive and route gifts quickly, but the city should still log what arrived and who decided.",
        references: &[US_SISTER_CITIES_MASKS],
        tlp: Tlp::Clear,
        audience: &[],
        anonymity: A::None,
        timeline: &[("2020-04-13", "All shipments delivered.")],
        comments: &[],
        faced_by: &["james"],
    },
    DemoCase {
        author: "james",
        composite: false,
        occurred_on: "2020-04-15",
        title: "Annapolis receives 40,000 masks from its sister city Changsha",
        summary: "In April 2020 Changsha offered Annapolis a donation of medical-grade face masks for public-safety staff. The city accepted. The masks arrived in August with a note from Changsha's foreign affairs office, and the mayor sent a book of photographs of the city in return.",
        narrative: "Early in the pandemic our police, firefighters and public-works crews were short of masks. Changsha, our partner for more than a decade, offered a shipment through its foreign affairs office.

The masks arrived in August. One box carried stickers of both national flags and a message wishing the city well; a note from the foreign affairs office said that sister cities should stand together.

No conditions came with the gift and there was no request for a public statement. The city announced the donation in its own news release. Half of the masks went to public-safety employees and the rest were distributed according to need.",
        topics: &[T::Covid19],
        demands: &[D::Inducement],
        counterpart: &CHANGSHA,
        channel: Ch::Email,
        response: R::Complied,
        outcome: "The masks were used as intended. The mayor thanked Changsha in writing and sent a book of photographs of Annapolis.",
        lessons: "Not every contact is pressure: many partner-city gifts in 2020 were simply help. Log them anyway, with what was asked in return (here: nothing), so that peers can tell a gift from an inducement. Announce donations yourself, in your own words.",
        references: &[ANNAPOLIS_AP, ANNAPOLIS_CGTN],
        tlp: Tlp::Clear,
        audience: &[],
        anonymity: A::None,
        timeline: &[("2020-08-11", "The masks arrive; the city announces the donation.")],
        comments: &[
            ("olivia", "Very similar to ours, also without strings attached."),
            ("fiona", "An interesting contrast with our experience, where a request followed the gift."),
        ],
        faced_by: &["olivia"],
    },
    DemoCase {
        author: "fiona",
        composite: true,
        occurred_on: "2020-04-20",
        title: "Mask donation followed by a request for a thank-you video praising China",
        summary: "Our partner province's foreign affairs office donated 20,000 masks in April 2020. A week after delivery it asked for a short video in which our civic head would thank China and praise its handling of the outbreak. We sent a written thank-you for the masks only.",
        narrative: "The offer came by email to our international team, and the masks arrived within three weeks, addressed to the council.

A week later the same office asked for a one-minute video message for Chinese social media, with suggested wording: thanks to the Chinese people, praise for China's *effective and transparent* response, and a line about *a community with a shared future for mankind*.

We were grateful for the masks but did not want our civic head to endorse a national government's account of the outbreak. We replied with a signed letter thanking the province for the donation and for the long friendship between our cities, and explained that we do not record statements on other governments' policies.",
        topics: &[T::Covid19],
        demands: &[D::Inducement, D::EndorsePolicy],
        counterpart: &PARTNER_PROVINCE_FAO,
        channel: Ch::Email,
        response: R::PartlyComplied,
        outcome: "Our letter was published, in translation, on the province's social media account. No further requests followed.",
        lessons: "Thank for the gift, not for the policy. Write the thank-you yourself rather than editing suggested wording, and assume anything you send will be published.",
        references: &[GMF, US_SISTER_CITIES_MASKS],
        tlp: Tlp::Green,
        audience: &[],
        anonymity: A::HideCity,
        timeline: &[],
        comments: &[(
            "james",
            "Useful contrast with ours, where nothing was asked in return.",
        )],
        faced_by: &["daniel"],
    },
    DemoCase {
        author: "erik",
        composite: false,
        occurred_on: "2020-04-22",
        title: "Gothenburg lets its sister-city agreement with Shanghai lapse",
        summary: "Gothenburg's ties with Shanghai went back to a 1986 memorandum and a 2003 sister-city agreement, which expired at the end of 2019. In April 2020 the city's leadership announced that it would not be renewed, citing minimal exchange in recent years and the times.",
        narrative: "Gothenburg and Shanghai had cooperated since 1986 on public transport, water treatment, environmental protection and ports, and the 2003 agreement widened the relationship to culture, trade and sport.

By 2019 there had been little real exchange for two or three years, and the agreement expired at the end of that year. The largest party on the council suggested renewing it later; others wanted it ended. On 22 April 2020 the chair of the city executive board announced that, considering the times, the city did not find it suitable to extend it.

We deliberately left the city's business region and port authority free to keep their own commercial contacts with Shanghai and China. The city's largest private employer, a carmaker, is owned by a Chinese group, so the decision was framed as being about the political partnership only.",
        topics: &[T::Other],
        demands: &[D::Other],
        counterpart: &SHANGHAI,
        channel: Ch::Meeting,
        response: R::Declined,
        outcome: "The agreement lapsed. Commercial and port contacts continued, and we observed no retaliation against the city.",
        lessons: "Letting an agreement expire is quieter than terminating it. Separate the political partnership from commercial links run by other city bodies, and say so in the announcement.",
        references: &[GOTHENBURG_QZ, SWEDISH_CITIES],
        tlp: Tlp::Clear,
        audience: &[],
        anonymity: A::None,
        timeline: &[("2019-12-31", "The agreement expires without renewal.")],
        comments: &[(
            "karin",
            "Agreed on keeping the port and business contacts out of it; we did the same with the university.",
        )],
        faced_by: &["karin", "tereza"],
    },
    DemoCase {
        author: "ingrid",
        composite: false,
        occurred_on: "2020-04-23",
        title: "Falkenberg closes the last Confucius Classroom in Sweden",
        summary: "In April 2020 the municipal upper-secondary school in Falkenberg ended its Confucius Classroom, the last such programme in Sweden, after Swedish universities had closed all their Confucius Institutes. The classroom had provided Chinese teaching with funding and textbooks from the Chinese side.",
        narrative: "The Confucius Classroom gave the school Chinese-language teaching with textbooks and funding supplied through the network that China's education authorities run. For a small municipality it was an inexpensive way to offer Chinese.

By 2020 the national debate had changed. Stockholm University had closed Europe's first Confucius Institute in 2015, and the last university-based institute in Sweden, at Luleå, closed around the turn of the year. Concerns had grown about who controls the teaching material, and about China's detention of the Swedish publisher Gui Minhai.

The decision to end the programme was taken on 23 April 2020, with the classroom phased out by the end of May.",
        topics: &[T::AcademicFreedom],
        demands: &[D::Inducement],
        counterpart: &HANBAN,
        channel: Ch::Meeting,
        response: R::Declined,
        outcome: "The programme ended in May 2020, and Sweden became the first European country without a Confucius Institute or Classroom.",
        lessons: "When a programme is funded and staffed by a foreign government, ask who approves the teaching material and what happens to pupils in the middle of a course if it ends. Plan the exit before you need it.",
        references: &[SWEDEN_CI, SWEDEN_CI_TIMES],
        tlp: Tlp::Clear,
        audience: &[],
        anonymity: A::None,
        timeline: &[],
        comments: &[(
            "erik",
            "Did the pupils keep Chinese as a subject afterwards?",
        )],
        faced_by: &[],
    },
    DemoCase {
        author: "member",
        composite: false,
        occurred_on: "2020-08-28",
        title: "Embassy condemns a Taiwan trip that included Prague's mayor",
        summary: "At the end of August 2020 the President of the Czech Senate led a delegation of almost 90 people to Taiwan, including Prague's mayor. The Chinese embassy called the trip a serious interference in China's internal affairs, and China's foreign minister said the Senate president would pay a heavy price. The mayor went ahead.",
        narrative: "The trip had been planned since the spring. The previous Senate president, who had intended to visit Taiwan, died in January 2020; it later emerged that the embassy had warned in a letter that Czech companies in China would suffer if such a visit took place.

The delegation of senators, business people, scientists and journalists arrived in Taiwan on 30 August. Two days earlier the embassy had issued a statement calling the visit a political calculation and demanding that the Czech side abide by the \"one China\" principle. On 31 August China's foreign minister, speaking in Germany, said the Senate president would pay a heavy price for his short-sighted behaviour.

For the city, the question was whether the mayor should stay away to protect Prague's remaining ties with Chinese cities. He took part, with a programme focused on city-to-city cooperation with Taipei.",
        topics: &[T::Taiwan],
        demands: &[D::RefuseMeeting, D::Threat],
        counterpart: &EMBASSY_CZ,
        channel: Ch::ThirdParty,
        response: R::Declined,
        outcome: "The visit took place. The Czech foreign minister summoned the Chinese ambassador over the threat, and the prime minister called the remarks inappropriate. We recorded no direct measures against the city.",
        lessons: "When a national delegation travels, decide whether the city joins on its own terms and with its own programme. A public threat against one politician is meant for everyone watching; a calm, coordinated answer from national and local leaders blunts it.",
        references: &[SENATE_HEAVY_PRICE, SENATE_REBUKE, SENATE_PLAN],
        tlp: Tlp::Clear,
        audience: &[],
        anonymity: A::None,
        timeline: &[
            ("2020-06-05", "The Senate president confirms he will visit Taiwan by the autumn."),
            ("2020-08-30", "The delegation arrives in Taiwan."),
            ("2020-08-31", "The \"heavy price\" remark; the Czech foreign minister says he will summon the ambassador."),
        ],
        comments: &[(
            "rasa",
            "We followed this closely a year later, when the spotlight turned to us.",
        )],
        faced_by: &["rasa"],
    },
    DemoCase {
        author: "daniel",
        composite: true,
        occurred_on: "2019-11-12",
        title: "Consulate asks a city-funded festival to drop a Hong Kong speaker",
        summary: "During the 2019 Hong Kong protests, a consulate official phoned our cultural affairs office to object to a panel with a Hong Kong activist at a city-funded literary festival, and asked the city to withdraw its funding for the panel.",
        narrative: "The festival is run by an independent non-profit; the city pays about a fifth of its budget and its logo appears on the programme.

The caller said the panel would *incite separatism* and harm relations, and asked whether the city endorsed the speaker. He followed up with an email to the festival director, copying our office.

We answered that the city funds the festival as a whole, does not approve or veto individual speakers, and supports freedom of expression within the law. We told the festival director we would not interfere, and offered help with security; the police assessed the risk as low.",
        topics: &[T::HongKong],
        demands: &[D::CancelEvent, D::RestrictGroup],
        counterpart: &CONSULATE_CA,
        channel: Ch::Phone,
        response: R::Declined,
        outcome: "The panel went ahead to a full room, with a small, peaceful protest outside. The consulate did not raise the matter again.",
        lessons: "Keep an arm's-length funding rule and cite it. Tell the organiser at once that you will not interfere, so that they do not censor themselves to protect the grant. Ask the police for a risk assessment rather than guessing.",
        references: &[GMF],
        tlp: Tlp::Green,
        audience: &[],
        anonymity: A::HideCity,
        timeline: &[],
        comments: &[(
            "fiona",
            "Good wording on arm's-length funding; we borrowed it for our own guidance.",
        )],
        faced_by: &["fiona", "megan"],
    },
    DemoCase {
        author: "florian",
        composite: true,
        occurred_on: "2021-02-15",
        title: "Summer-school agreement asks participants to \"respect Chinese laws and policies\"",
        summary: "A joint summer school run by our municipal university of applied sciences and a university in our Chinese partner city came with a draft agreement requiring all participants to respect Chinese laws and policies and avoid activities harmful to China's interests, including during sessions held in our city.",
        narrative: "The city co-funds the summer school under the partnership programme, so the draft came to our office for comment.

Clause 7 would have applied Chinese political restrictions to teaching in our own city and to our own students, and could be read as covering what they post online. We proposed instead that participants respect the laws of the country where each session takes place, and the academic freedom guaranteed by both institutions' charters.

After three rounds the partner accepted a compromise: a neutral reference to local law, plus a line committing both sides to academic freedom *in accordance with their respective laws*.",
        topics: &[T::AcademicFreedom],
        demands: &[D::ChangeWording],
        counterpart: &PARTNER_UNIVERSITY,
        channel: Ch::Email,
        response: R::Negotiated,
        outcome: "The summer school ran online in 2021 and in person in 2022. No participant reported restrictions during the sessions held here.",
        lessons: "Read the code-of-conduct clauses in academic agreements as carefully as the budget. Ask whose law applies where; a neutral \"local law\" clause is usually acceptable to both sides.",
        references: &[GMF, LEFFEL],
        tlp: Tlp::Green,
        audience: &[],
        anonymity: A::HideCity,
        timeline: &[("2021-04-30", "Agreement signed with the compromise wording.")],
        comments: &[(
            "agnieszka",
            "We had the same clause in a draft for a youth exchange. Your wording helped.",
        )],
        faced_by: &["agnieszka"],
    },
    DemoCase {
        author: "rasa",
        composite: false,
        occurred_on: "2021-08-10",
        title: "China recalls its ambassador over the name of the Taiwanese office in Vilnius",
        summary: "In July 2021 Taiwan announced that its new office in Vilnius would be called the Taiwanese Representative Office in Lithuania. On 10 August China recalled its ambassador, demanded that Lithuania recall its own and spoke of potential consequences. The office opened in November.",
        narrative: "The decision to exchange representative offices was a national one, but the office is in our city, and much of the attention landed on municipal services: event permits, security around the building, and journalists' questions.

China objected to the word \"Taiwanese\" in the name rather than to the office itself; Taiwan's other offices in Europe use \"Taipei\". Its foreign ministry said a red line had been crossed, called on Lithuania to rectify its wrong decision and referred to potential consequences without giving details. Lithuania recalled its own ambassador from Beijing for consultations in early September, while its embassy kept working.",
        topics: &[T::Taiwan],
        demands: &[D::EndTaiwanContacts, D::Threat],
        counterpart: &EMBASSY_LT,
        channel: Ch::ThirdParty,
        response: R::Declined,
        outcome: "The office opened in November 2021. Relations between the two countries were downgraded.",
        lessons: "A national decision can put a city in the spotlight. Prepare municipal services (permits, security, communication) for the opening of a sensitive office as you would for a state visit.",
        references: &[LITHUANIA_RECALL, LITHUANIA_OWN_RECALL],
        tlp: Tlp::Clear,
        audience: &[],
        anonymity: A::None,
        timeline: &[
            ("2021-07-20", "Taiwan announces the office and its name."),
            ("2021-09-03", "Lithuania recalls its ambassador from Beijing for consultations."),
            ("2021-11-18", "The office opens."),
        ],
        comments: &[(
            "member",
            "The point about municipal services is well taken; we had similar questions around the Taipei agreement.",
        )],
        faced_by: &["member"],
    },
    DemoCase {
        author: "sanne",
        composite: true,
        occurred_on: "2021-06-14",
        title: "Free \"smart city\" pilot offered in exchange for access to the data",
        summary: "The European subsidiary of a Chinese telecom equipment maker offered a free two-year pilot of traffic cameras and a data platform for a port district, on condition that the company could reuse \"anonymised\" data to develop its products. We negotiated the data clause out, then let the pilot go.",
        narrative: "The offer was presented at a meeting with our economic development department, with a memorandum of understanding ready to sign: sensors, cameras and a cloud platform at no cost for two years.

The memorandum allowed the company to use data from the pilot, \"anonymised\", to develop its products, on servers it would operate. Our data protection officer and the national cyber security centre advised that camera footage of a port area is neither easy to anonymise nor appropriate to export.

We asked for the data to stay on city-controlled servers with no reuse by the company. The company agreed on paper but wanted to keep remote maintenance access. At that point the department decided that the pilot was not worth the risk.",
        topics: &[T::Technology],
        demands: &[D::Inducement, D::InformationRequest],
        counterpart: &TELECOM_SUBSIDIARY,
        channel: Ch::Meeting,
        response: R::Negotiated,
        outcome: "No memorandum was signed. A German city with a similar memorandum let it expire in 2022, which helped us explain our choice to the council.",
        lessons: "Free pilots are paid for with data. Involve your data protection officer and national security advice before the first meeting, not after, and ask who runs the servers and who has remote access.",
        references: &[DUISBURG_HUAWEI],
        tlp: Tlp::Amber,
        audience: &["BE", "DE", "NL"],
        anonymity: A::HideCity,
        timeline: &[("2021-09-01", "The department decides not to go ahead.")],
        comments: &[(
            "tobias",
            "Our memorandum had similar data provisions; we let it lapse in 2022.",
        )],
        faced_by: &["tobias"],
    },
    DemoCase {
        author: "megan",
        composite: true,
        occurred_on: "2021-06-01",
        title: "Consulate urges council members to vote down a Tiananmen anniversary proclamation",
        summary: "Two days before a vote on a proclamation commemorating the victims of June 1989, a consulate emailed every council member asking them to reject it as interference in China's internal affairs.",
        narrative: "A council member sponsored a short proclamation honouring the victims of the 1989 crackdown and supporting those who commemorate them, including in Hong Kong, where the annual vigil had been banned.

The consulate's email reached all council members' official addresses with a fact sheet describing 1989 as *political turmoil* and urging members to stand on the right side of history. One member was also phoned by a local business association with ties to the consulate.

The council clerk treated the email as public correspondence and attached it to the agenda item.",
        topics: &[T::Tiananmen],
        demands: &[D::ChangeWording, D::Other],
        counterpart: &CONSULATE_US,
        channel: Ch::Email,
        response: R::Declined,
        outcome: "The proclamation passed. We noted no further contact.",
        lessons: "Correspondence to elected members is usually a public record: publishing it is transparent and takes the pressure out. Brief members in advance so that no one is surprised by a phone call.",
        references: &[GMF],
        tlp: Tlp::Clear,
        audience: &[],
        anonymity: A::HideCity,
        timeline: &[("2021-06-03", "The proclamation is adopted.")],
        comments: &[(
            "daniel",
            "Attaching the email to the agenda is a neat way to defuse it.",
        )],
        faced_by: &["daniel"],
    },
    DemoCase {
        author: "fiona",
        composite: true,
        occurred_on: "2022-02-07",
        title: "Consulate asks for a photo exhibition on Uyghur detention camps to be removed",
        summary: "A consulate wrote to the council leader asking that a photo exhibition about the detention of Uyghurs, shown in the foyer of a council building, be taken down as anti-China propaganda.",
        narrative: "The exhibition was put together by a local human rights group and booked through the normal process for community exhibitions, which does not vet content beyond legal requirements.

The letter arrived two days after the opening. It said the \"so-called camps\" were vocational training centres, that the exhibition hurt the feelings of Chinese residents and students, and asked the council to stop providing a platform for it. A few days later two complaints from members of the public used very similar wording.

The council leader answered that the foyer is open to community groups on equal terms, that the council does not judge exhibitions by their political viewpoint, and that the exhibition would stay until the end of its booking.",
        topics: &[T::Xinjiang],
        demands: &[D::CancelEvent],
        counterpart: &CONSULATE_GB,
        channel: Ch::Letter,
        response: R::Declined,
        outcome: "The exhibition ran its full three weeks. The council debated a motion on Xinjiang later that year; the consulate did not write again.",
        lessons: "Have a written, viewpoint-neutral booking policy before you need it, and cite it. Treat coordinated public complaints as part of the same case. Keep copies of everything in case of a records request.",
        references: &[TOWER_HAMLETS_MOTION, GMF],
        tlp: Tlp::Clear,
        audience: &[],
        anonymity: A::HideCity,
        timeline: &[("2022-02-28", "The exhibition closes at the end of its booking.")],
        comments: &[(
            "daniel",
            "The viewpoint-neutral booking policy is the key; we are writing one now.",
        )],
        faced_by: &["daniel", "giulia"],
    },
    DemoCase {
        author: "camille",
        composite: true,
        occurred_on: "2022-05-30",
        title: "Falun Gong stand refused at the associations fair after pressure",
        summary: "A local friendship association asked us to refuse a stand to a Falun Gong group at the annual associations fair, and threatened to withdraw its own dance programme. The organising department agreed. We now think this was the wrong decision.",
        narrative: "The request was made in person at a preparatory meeting two weeks before the fair. The association's president said its members would not take part if \"an illegal cult\" had a stand, and hinted that a partner-city delegation expected in the autumn might be cancelled.

The department organising the fair, under time pressure and without consulting our unit, told the Falun Gong group that no space was left. The group complained to a councillor, who raised it at the next council meeting.

We reviewed the decision: the group is a registered association, met the fair's criteria and had had a stand in previous years. Refusing it at the request of another association amounted to discrimination on grounds of belief.",
        topics: &[T::FalunGong],
        demands: &[D::RestrictGroup],
        counterpart: &FRIENDSHIP_ASSOCIATION_FR,
        channel: Ch::Meeting,
        response: R::Complied,
        outcome: "The city apologised to the group in writing and offered it a stand at the next fair. The friendship association took part anyway, and the partner-city visit went ahead in the autumn.",
        lessons: "Everyone who organises public events needs to know whom to call when a request like this arrives. Threats to withdraw are often bluffs. Shared as RED because it concerns a named local group and an internal mistake.",
        references: &[GMF],
        tlp: Tlp::Red,
        audience: &[],
        anonymity: A::HideCity,
        timeline: &[
            ("2022-06-14", "A councillor raises the refusal at the council meeting."),
            ("2022-07-04", "Written apology sent to the group."),
        ],
        comments: &[(
            "moderator",
            "Thank you for logging a case that went wrong; these are often the most useful.",
        )],
        faced_by: &[],
    },
    DemoCase {
        author: "agnieszka",
        composite: true,
        occurred_on: "2022-09-20",
        title: "Partner province warns against raising a detained lawyer's case",
        summary: "When our deputy mayor asked, in a closed meeting, about a human rights lawyer with ties to our city who had been detained, the head of the partner province's foreign affairs office said that raising \"internal judicial matters\" would damage the partnership, and cut the delegation's programme short.",
        narrative: "The lawyer had studied at a university in our city, and our council had adopted a resolution calling for her release. The deputy mayor raised the case in a closed part of the province's visit, without press, and handed over a short letter.

The answer was immediate and firm: the case was an internal matter, the city should respect China's judicial sovereignty, and the council resolution had already hurt the province's feelings. The delegation left half a day early.

In the following months we kept technical cooperation on air quality going and asked our foreign ministry to seek information about the lawyer for her family.",
        topics: &[T::Dissidents],
        demands: &[D::Threat],
        counterpart: &PARTNER_PROVINCE_FAO,
        channel: Ch::Meeting,
        response: R::Negotiated,
        outcome: "The partnership continues at a lower level. The lawyer's family reported in 2023 that she had been allowed a visit from her lawyer; we cannot say whether our step played a part.",
        lessons: "Quiet advocacy for an individual is possible inside a partnership, but expect a sharp reaction and decide beforehand what you will do if the other side scales back. Coordinate with your foreign ministry.",
        references: &[GMF],
        tlp: Tlp::Amber,
        audience: &["CZ", "HU", "PL", "SK"],
        anonymity: A::HideCity,
        timeline: &[],
        comments: &[(
            "member",
            "Thank you for sharing this. We have considered a similar step and will talk to our ministry first.",
        )],
        faced_by: &[],
    },
    DemoCase {
        author: "tobias",
        composite: false,
        occurred_on: "2022-11-09",
        title: "Duisburg lets its smart-city memorandum with Huawei expire",
        summary: "A 2018 memorandum with Huawei was meant to turn Duisburg into a \"smart city\", covering public administration, port logistics, education and traffic with 5G. It expired in October 2022 and was not renewed; the city said any further cooperation would wait for the federal government's assessment.",
        narrative: "Duisburg, where freight trains from Chongqing arrive, had presented itself as a gateway for Chinese trade, and the memorandum signed in 2018 was part of that strategy.

Cooperation stalled during the pandemic. When the memorandum expired in October 2022, the city took it off its website and told journalists that, given China's relations with Russia, it would wait for the federal government's and the EU's assessment before deciding on any further cooperation with Huawei. A neighbouring city dropped a similar project at about the same time.",
        topics: &[T::Technology],
        demands: &[D::Inducement],
        counterpart: &HUAWEI,
        channel: Ch::Meeting,
        response: R::Declined,
        outcome: "The memorandum lapsed. The city's wider trade links with China continue.",
        lessons: "Time-limited memoranda give a natural exit: keep a list of the expiry dates of all your technology agreements. When national policy is changing, waiting for the national assessment is a legitimate position.",
        references: &[DUISBURG_HUAWEI, GELSENKIRCHEN_HUAWEI],
        tlp: Tlp::Clear,
        audience: &[],
        anonymity: A::None,
        timeline: &[],
        comments: &[(
            "sanne",
            "This helped us explain our own decision to the council.",
        )],
        faced_by: &["sanne"],
    },
    DemoCase {
        author: "megan",
        composite: true,
        occurred_on: "2023-09-18",
        title: "State media interview request with a Belt and Road script",
        summary: "A Chinese state media outlet asked for an interview with the mayor for a paid \"friendship cities\" supplement, and sent questions inviting praise for the Belt and Road Initiative. The mayor gave a short interview on trade and climate and declined the rest.",
        narrative: "The request came by email to our communications office, with a list of eight questions and an offer to feature the city on a full page of the supplement free of charge.

Three questions asked the mayor to describe how the city \"benefits from the Belt and Road\" and \"supports the Global Development Initiative\". The city has no involvement in either.

We answered that the mayor would talk about the city's port, its trade with Chinese companies and its climate goals, and sent written answers to those questions only.",
        topics: &[T::BeltAndRoad],
        demands: &[D::EndorsePolicy, D::Inducement],
        counterpart: &STATE_MEDIA_US,
        channel: Ch::Email,
        response: R::PartlyComplied,
        outcome: "The interview appeared under the headline \"Mayor welcomes cooperation along the Belt and Road\", which the mayor had not said. We published the full written answers on the city's website.",
        lessons: "Give written answers, keep them, and publish them if the article goes further than what was said. Headlines are written by the outlet, not by you.",
        references: &[ISPI, GMF],
        tlp: Tlp::Clear,
        audience: &[],
        anonymity: A::HideCity,
        timeline: &[("2023-10-05", "Full written answers published on the city's website.")],
        comments: &[],
        faced_by: &[],
    },
    DemoCase {
        author: "erik",
        composite: false,
        occurred_on: "2024-02-07",
        title: "Embassy warns Gothenburg's council over a motion on ties with Taiwan",
        summary: "Members of two parties on the city council tabled a motion to broaden the city's international relations, including sister-city agreements with Taiwan. The Chinese embassy in Stockholm emailed the council, warning it to adhere to the \"one China\" principle and to handle the \"Taiwan issue\" correctly.",
        narrative: "The motion aimed to reduce the city's dependence on China after the Shanghai agreement lapsed in 2020. It was reported in the local press, and the embassy wrote to the council soon afterwards.

The email said that Taiwan is at the very core of China's interests and that politicians should handle the question correctly. It contained no explicit threat, but nobody on the council missed the context: the city's largest private employer, a carmaker owned by a Chinese group, employs more than 10,000 people.

Opinions were divided between councillors who wanted to go ahead and those who felt the question belonged to the national government. Taiwan's representative in Sweden publicly invited the mayor to visit.",
        topics: &[T::Taiwan],
        demands: &[D::EndTaiwanContacts],
        counterpart: &EMBASSY_SE,
        channel: Ch::Email,
        response: R::NoResponseYet,
        outcome: "The motion was still being considered when this case was written; the decision will be added to the timeline.",
        lessons: "Embassies read local newspapers and council agendas. Set out the city's economic exposure openly in the council papers, so that the debate is about facts rather than fear.",
        references: &[GOTHENBURG_TAIWAN],
        tlp: Tlp::Clear,
        audience: &[],
        anonymity: A::None,
        timeline: &[("2024-02-09", "Media report the embassy's email.")],
        comments: &[
            ("karin", "In our experience the reaction is loud but short."),
            ("rasa", "Please do add the decision; several of us will want to know how it went."),
        ],
        faced_by: &["karin", "rasa", "tereza"],
    },
    DemoCase {
        author: "member",
        composite: true,
        occurred_on: "2024-02-27",
        title: "Embassy phones to ask that the Tibetan flag not fly on 10 March",
        summary: "Two weeks before 10 March, an embassy official phoned the mayor's office asking that the city not fly the Tibetan flag on the town hall this year, because it would damage friendly cooperation. The city has flown the flag every year for more than a decade, and did so again.",
        narrative: "Flying the Tibetan flag on 10 March, the anniversary of the 1959 uprising in Lhasa, is a long tradition among municipalities in our country; hundreds take part each year.

The caller was polite and did not name any consequence, but asked twice whether the decision was final and who had taken it. He also asked for the name of the official in charge of partnerships with China.

We confirmed in writing that the flag would fly, as every year, as an expression of support for human rights and not as a statement about borders. We did not give out staff names.",
        topics: &[T::Tibet],
        demands: &[D::RemoveSymbol],
        counterpart: &EMBASSY_CZ,
        channel: Ch::Phone,
        response: R::Declined,
        outcome: "The flag flew on 10 March. The embassy did not follow up.",
        lessons: "Don't give out the names of junior staff; route such calls to one senior contact. A one-paragraph written answer closes a phone conversation better than a debate.",
        references: &[TIBET_FLAG_CAMPAIGN, TIBET_UPRISING_DAY],
        tlp: Tlp::Clear,
        audience: &[],
        anonymity: A::HideCity,
        timeline: &[("2024-03-10", "The flag flies on the town hall.")],
        comments: &[
            ("lena", "We had a letter about the same thing the following week; see our case."),
            ("florian", "Same in our country this year, by email."),
        ],
        faced_by: &["lena", "florian", "tereza"],
    },
    DemoCase {
        author: "lena",
        composite: true,
        occurred_on: "2024-03-04",
        title: "Consulate letter asks the city to stay out of the Tibet flag campaign",
        summary: "In early March a consulate general wrote to the mayor asking the city not to take part in the annual campaign in which town halls fly the Tibetan flag on 10 March, and enclosed a booklet on development in Tibet.",
        narrative: "Several hundred town halls in our country take part in the campaign every year; a Tibet support group has organised it since 1996. Our city joined a few years ago after a council resolution.

The letter, signed by the consul general, said that Tibet is China's internal affair, that flying the \"so-called snow lion flag\" supports separatism, and that it hoped the city would make the right choice in view of its long partnership with a Chinese city. It named no specific consequence.

The mayor's office replied that the council had decided to take part, that the flag expresses solidarity with human rights, and that the city values its partnership and sees no contradiction.",
        topics: &[T::Tibet],
        demands: &[D::RemoveSymbol],
        counterpart: &CONSULATE_DE,
        channel: Ch::Letter,
        response: R::Declined,
        outcome: "The flag flew, and the partnership programme for the year went ahead as planned.",
        lessons: "Anchor the decision in a council resolution, so that the executive is not seen as acting alone. Reply once, politely, and don't get drawn into a debate about history.",
        references: &[TIBET_FLAG_CAMPAIGN, TIBET_UPRISING_DAY],
        tlp: Tlp::Clear,
        audience: &[],
        anonymity: A::HideCity,
        timeline: &[("2024-03-10", "The flag flies.")],
        comments: &[(
            "member",
            "The same week as our phone call. It looks coordinated.",
        )],
        faced_by: &["member", "florian"],
    },
    DemoCase {
        author: "florian",
        composite: true,
        occurred_on: "2024-03-07",
        title: "Embassy email about a Tibetan flag at a district office",
        summary: "After a district office announced that it would fly the Tibetan flag on 10 March, the embassy emailed the city's international office asking for the flag-raising to be stopped. The flag flew, but the district chair dropped a planned speech, which was later reported as a concession.",
        narrative: "The initiative came from a district, not from the city government, and our international office learned of it from the embassy's email.

The email asked the city to *take effective measures* to stop the flag-raising and mentioned an upcoming visit by a delegation of Chinese mayors. The district chair, who had planned to speak at the flag-raising, decided to let the flag fly without a ceremony to avoid a public dispute before the visit.

A Chinese-language news site later reported that the city had \"partly corrected its mistake\". We had made no such statement.",
        topics: &[T::Tibet],
        demands: &[D::RemoveSymbol],
        counterpart: &EMBASSY_AT,
        channel: Ch::Email,
        response: R::PartlyComplied,
        outcome: "The flag flew for the day without a ceremony. The delegation visit went ahead. The misleading report was never corrected.",
        lessons: "Agree in advance who speaks for the city, districts included. Quiet compromises will be presented as concessions; decide whether you can live with that. Shared as GREEN at the district chair's request.",
        references: &[TIBET_FLAG_CAMPAIGN, GMF],
        tlp: Tlp::Green,
        audience: &[],
        anonymity: A::HideCity,
        timeline: &[],
        comments: &[(
            "lena",
            "The report of a \"correction\" is a familiar move. Worth preparing a line for it in advance.",
        )],
        faced_by: &["lena"],
    },
    DemoCase {
        author: "giulia",
        composite: true,
        occurred_on: "2025-10-14",
        title: "Consulate asks the city library to cancel an exhibition of Taiwanese illustrators",
        summary: "A consulate wrote to the city's library service asking it to cancel an exhibition of picture-book illustrations by Taiwanese artists, or at least to replace \"Taiwan\" with \"Taiwan, China\" in the title and posters. The library kept both.",
        narrative: "The exhibition was offered to our libraries by a Taiwanese cultural foundation and had toured several European cities; its title described the artists as coming from Taiwan.

The consulate's letter said that presenting Taiwan as a country violated the \"one China\" principle and asked the city to prevent the exhibition or correct the wording. A few weeks earlier a museum in Central Asia had cancelled a Taiwanese art exhibition at the last minute, reportedly under similar pressure; the letter did not mention it, but our staff had read about it.

The head of the library service answered that the exhibition presents the work of individual artists, that saying where artists come from is not a statement of foreign policy, and that the library's programme is decided by its staff.",
        topics: &[T::Taiwan],
        demands: &[D::CancelEvent, D::ChangeWording],
        counterpart: &CONSULATE_IT,
        channel: Ch::Letter,
        response: R::Declined,
        outcome: "The exhibition opened as planned and drew more visitors than usual after a local paper reported on the letter.",
        lessons: "Describe facts (where artists live and work) rather than status. Let the library decide, not the mayor's office, so that the decision stays a cultural one.",
        references: &[KAZAKHSTAN_EXHIBITION, GMF],
        tlp: Tlp::Clear,
        audience: &[],
        anonymity: A::HideCity,
        timeline: &[("2025-11-03", "The exhibition opens.")],
        comments: &[(
            "fiona",
            "Leaving the decision with the library is wise; the same worked for our exhibition.",
        )],
        faced_by: &["fiona", "sanne"],
    },
    DemoCase {
        author: "rasa",
        composite: true,
        occurred_on: "2026-09-15",
        title: "Request for the names of Chinese students on municipal scholarships",
        summary: "A local Chinese students and scholars association asked our education department for the names and contact details of all Chinese nationals holding municipal scholarships, to invite them to a national day reception. We have not answered yet and are taking legal advice.",
        narrative: "The request came by email to a general address and was forwarded to us because it mentioned a reception at the embassy. It asked for names, universities, phone numbers and home towns in China.

Data protection law almost certainly forbids sharing this. Our concern is also practical: some scholarship holders have spoken publicly about Hong Kong and Xinjiang, and a list with home towns could expose their families.

We have asked our data protection officer for a formal opinion and informed the national security service, as our guidance requires for requests concerning diaspora communities.",
        topics: &[T::AcademicFreedom, T::Dissidents],
        demands: &[D::InformationRequest],
        counterpart: &STUDENTS_ASSOCIATION,
        channel: Ch::Email,
        response: R::NoResponseYet,
        outcome: "Open. We intend to refuse and to offer to pass on an invitation ourselves, without sharing any data.",
        lessons: "Treat any request for lists of diaspora members as a red flag. Offer to forward invitations instead of sharing data.",
        references: &[GMF],
        tlp: Tlp::Red,
        audience: &[],
        anonymity: A::HideCityAndCountry,
        timeline: &[],
        comments: &[(
            "moderator",
            "Please add the legal opinion when you have it; other cities will want to see it.",
        )],
        faced_by: &[],
    },
];
