//! Demo playbooks: response guides written for the Twinwise demo, one for each situation that
//! member cities most often log (a Taiwan-related event, the Tibetan flag on 10 March, a Belt and
//! Road declaration, a draft partnership agreement, a partner that suspends exchanges, gifts and
//! free pilots, and a speaker or exhibition a consulate wants dropped).
//!
//! They are static data: [`super::seed`] loads them through the real playbook workflows (a
//! moderator's revision, links to the demo cases they cite, and the cases that used them).
//! Every case title named here must match a title in [`super::cases::CASES`] exactly.

use crate::domain::case_fields::{DemandKind as D, Topic as T};
use crate::domain::sensitivity::Tlp;

/// One step of a demo playbook: a short title and a Markdown body.
#[derive(Debug, Clone, Copy)]
pub struct DemoStep {
    pub title: &'static str,
    pub body: &'static str,
}

/// A template letter: a name and a Markdown body that may use the placeholders in `PLACEHOLDERS`.
#[derive(Debug, Clone, Copy)]
pub struct DemoLetter {
    pub name: &'static str,
    pub body: &'static str,
}

/// One demo playbook.
#[derive(Debug, Clone, Copy)]
pub struct DemoPlaybook {
    pub slug: &'static str,    // lower-case a-z, 0-9 and '-', 3..=80 chars, unique
    pub title: &'static str,   // <= 200 chars
    pub summary: &'static str, // plain text, <= 1000 chars
    pub topics: &'static [T],
    pub demands: &'static [D],
    pub tlp: Tlp,                       // Clear for most; one or two Green
    pub featured: bool,                 // 3 of them true
    pub steps: &'static [DemoStep], // 5..=10 steps, each body 2-6 short paragraphs or a list, <= 20,000 chars
    pub letters: &'static [DemoLetter], // 1..=3 letters, each <= 20,000 chars
    pub avoid: &'static str,        // Markdown list of what to avoid, <= 20,000 chars
    /// Exact titles of demo cases in `super::cases::CASES` this playbook cites.
    pub cases: &'static [&'static str],
    /// (exact demo case title, outcome) where the case's city used this playbook;
    /// outcome is one of "worked", "partly", "did_not_work".
    pub uses: &'static [(&'static str, &'static str)],
}

/// The placeholders a template letter may use; the reader fills them in on the page.
pub const PLACEHOLDERS: &[&str] = &[
    "city",
    "counterpart",
    "date",
    "partner_city",
    "event",
    "sender",
];

/// The outcomes a use of a playbook may record.
pub const OUTCOMES: &[&str] = &["worked", "partly", "did_not_work"];

// ---------------------------------------------------------------------------------------------
// Case titles cited by more than one playbook (exactly as in `super::cases::CASES`)
// ---------------------------------------------------------------------------------------------

const PRAGUE_BEIJING: &str =
    "Prague ends its partnership with Beijing over the \"one China\" article";
const SHANGHAI_PRAGUE: &str = "Shanghai cuts ties the day after Prague signs with Taipei";
const GOTHENBURG_LAPSE: &str = "Gothenburg lets its sister-city agreement with Shanghai lapse";
const DUISBURG_HUAWEI: &str = "Duisburg lets its smart-city memorandum with Huawei expire";
const PAID_TRIP: &str =
    "Paid trip to a friendship-cities forum, with a Belt and Road declaration to sign on stage";

// ---------------------------------------------------------------------------------------------
// Playbooks
// ---------------------------------------------------------------------------------------------

pub const PLAYBOOKS: &[DemoPlaybook] = &[
    // -----------------------------------------------------------------------------------------
    // 1. Taiwan-related event
    // -----------------------------------------------------------------------------------------
    DemoPlaybook {
        slug: "taiwan-event-cancellation-request",
        title: "An embassy or consulate asks you to cancel a Taiwan-related event",
        summary: "For requests to cancel, postpone or rename an exhibition, concert, film screening, business seminar or visit that involves Taiwan or Taiwanese participants. Keep the decision with the body that owns the event, answer once and in writing, protect the people taking part, and keep the rest of your relations with Chinese partners running as planned.",
        topics: &[T::Taiwan],
        demands: &[
            D::CancelEvent,
            D::ChangeWording,
            D::RefuseMeeting,
            D::Threat,
        ],
        tlp: Tlp::Clear,
        featured: true,
        steps: &[
            DemoStep {
                title: "Log the request the same day",
                body: r#"Before anyone answers, write down what happened. A two-minute note now saves a week of reconstruction later.

- **Who** contacted **whom**: name and position of the caller or signatory, and which of your staff or elected members received it.
- **How**: letter, email (keep the original with its headers), phone, a remark at a reception, a message via a third party.
- **What exactly** was asked: cancel, postpone, move to a smaller venue, remove the word "Taiwan", withdraw the mayor's greeting, drop the city logo.
- **Any consequence mentioned**, even vaguely: "harm to friendly cooperation", a delegation visit "under review".

If the request came by phone, send the caller a short email the same day confirming what you understood. Calls leave no record; your email does. Open a draft case on Twinwise at once: you can keep it private while you work and publish later."#,
            },
            DemoStep {
                title: "Find out who owns the event",
                body: r#"The decision belongs to whoever normally decides the programme: the library, the museum, the independent festival, the chamber of commerce, or the council itself. It rarely belongs to the international office.

Call the organiser within the first day and ask two questions: **have you been contacted directly**, and **what do you need from us?** Then tell them plainly that the city will not ask them to change anything.

Say this early. Organisers who depend on a city grant often cancel quietly "to avoid trouble" before anyone has asked them to. A sentence from you removes that temptation."#,
            },
            DemoStep {
                title: "Inform the right people within 24 hours",
                body: r#"Send a short, factual note (what was asked, by whom, what you propose) to:

- the **mayor's office** or chief of staff, who decides who signs the reply;
- the **head of the department or institution** that owns the event;
- the **legal service**, to check funding conditions, venue contracts and the rules on freedom of expression;
- the **leaders of the council groups**, with a neutral one-paragraph summary, so that nobody is surprised by a journalist;
- the **communications office**, to prepare a press line;
- the **desk officer for China at your national foreign ministry**, or your association of municipalities. You are informing them, not asking for permission; they may also know whether other cities received the same request;
- the **police**, only if the message contains a threat to people or property, or if protests are announced.

Keep the circle small and the note short. Attach the original request."#,
            },
            DemoStep {
                title: "Describe facts, not status",
                body: r#"Many requests are not to cancel but to change wording: "Taiwan, China" instead of "Taiwan", or "Chinese Taipei" on a poster.

A city does not make statements about sovereignty, in either direction. The safest wording **describes facts**: where the artists live and work, the official name of the organisation that lends the exhibition, the city the delegation comes from.

- Do not adopt the counterpart's wording because it was asked for.
- Do not add new political wording to make a point either.
- If the city itself is the organiser, check the usage of your national government with the ministry desk officer, and follow it."#,
            },
            DemoStep {
                title: "Answer once, in writing, within a week",
                body: r#"A written reply closes the exchange; a meeting or a phone call opens a negotiation. The reply should come from the person the request was addressed to, or from the head of the institution if the event is cultural.

Keep it to four short paragraphs:

1. Acknowledge the letter and its date.
2. State the decision: the event goes ahead as planned.
3. Give the principle, not an argument: the programme is decided by the institution; presenting the work of individuals is not a statement of foreign policy.
4. Say that the city values its relations with its partners in China and sees no contradiction.

Do not discuss history, do not promise to "take note for the future", and do not ask for a meeting to explain yourself."#,
            },
            DemoStep {
                title: "Protect the event and the participants",
                body: r#"- Tell the organiser and the venue staff **whom to call** if they receive visits, calls or complaints.
- Ask the police for a **risk assessment** if a protest is announced, rather than guessing.
- Let Taiwanese participants know about the request, calmly, so that they hear it from you and not from the press.
- Watch for coordinated complaints from the public using the same wording: log them as part of the same case."#,
            },
            DemoStep {
                title: "Have a press line ready before the story breaks",
                body: r#"Embassies often answer through the media rather than by letter, and journalists read council agendas. Prepare three sentences and agree them with the mayor's office:

> The exhibition presents the work of artists from Taiwan and goes ahead as planned. Its programme is decided by the library, as for every exhibition. The city values its long-standing cooperation with its partner cities in China.

If you have local Chinese-language media, have the line translated. Do not publish the embassy's letter yourself unless the mayor's office decides to; if a journalist has it, confirm it and give the line. Letters sent to elected members may be public records in your jurisdiction."#,
            },
            DemoStep {
                title: "Keep the useful parts of the partnership moving",
                body: r#"Do not cancel your own programme with the partner city "to calm things down". Send the next routine message (the student exchange dates, the trade fair stand, the orchestra's schedule) as planned.

Record every sign of retaliation with its date in the case timeline: a delegation postponed, emails unanswered, a partner institution withdrawing. Most reactions are loud and short; a dated record lets you and your peers see whether that was true this time."#,
            },
            DemoStep {
                title: "Close the case and share it",
                body: r#"After the event, complete the case: outcome, what you would do differently, and the texts you used (with names removed if needed). Choose the TLP level that lets the most peers read it safely.

Search Twinwise for the wording of the request. If another city received the same letter, mark "we faced this too" and link the cases: a pattern across several cities is worth more to your ministry than a single incident."#,
            },
        ],
        letters: &[
            DemoLetter {
                name: "Reply from the organiser: the event goes ahead",
                body: r#"Dear {counterpart},

Thank you for your letter of {date} concerning {event}.

The programme of our institution is decided by its staff, on the same basis for every exhibition and event. {event} presents the work of individual artists and professionals; describing where they live and work is not a statement on any question of foreign policy, and the city of {city} makes no such statement.

{event} will therefore take place as planned.

The city of {city} values its long-standing cooperation with {partner_city} and with partners across China, and we look forward to continuing our exchanges in culture, education and trade.

Yours sincerely,

{sender}"#,
            },
            DemoLetter {
                name: "Confirmation in writing after a phone call",
                body: r#"Dear {counterpart},

Thank you for your call on {date}. For the record, I understood that you asked the city of {city} to cancel {event}, or to change the way its participants are described.

As I said on the phone, decisions on the programme of {event} are taken by its organisers, and the city does not intervene in them. The event will go ahead as planned.

For any further correspondence on this matter, please write to me at this address.

Yours sincerely,

{sender}"#,
            },
        ],
        avoid: r#"- Holding a meeting to "explain" the decision: it turns a refusal into a negotiation.
- Letting the international office or the mayor take a programming decision that belongs to the library, museum or festival.
- Waiting to see whether the organiser cancels on their own: tell them on day one that the city will not interfere.
- Adopting the counterpart's wording ("Taiwan, China") as a compromise, or adding new political wording in response.
- Answering by phone only, with no written confirmation of what was said.
- Cancelling your own student, trade or cultural activities with the partner city in advance, to "lower the temperature".
- Giving the names of junior staff; route all contact through one senior person.
- Debating history or sovereignty in your reply.
- Forgetting to tell council leaders before the press does."#,
        cases: &[
            "Consulate asks the city library to cancel an exhibition of Taiwanese illustrators",
            "Embassy warns Gothenburg's council over a motion on ties with Taiwan",
            "Embassy condemns a Taiwan trip that included Prague's mayor",
        ],
        uses: &[
            (
                "Consulate asks the city library to cancel an exhibition of Taiwanese illustrators",
                "worked",
            ),
            (
                "Embassy condemns a Taiwan trip that included Prague's mayor",
                "worked",
            ),
        ],
    },
    // -----------------------------------------------------------------------------------------
    // 2. Tibetan flag
    // -----------------------------------------------------------------------------------------
    DemoPlaybook {
        slug: "tibet-flag-removal-request",
        title: "A consulate asks you to take down the Tibetan flag",
        summary: "Every year, in the weeks before 10 March, embassies and consulates call, write or email town halls that fly the Tibetan flag on the anniversary of the 1959 uprising. Prepare before March, anchor the decision in a council resolution or a mayor's decision, brief districts and building managers, reply once in writing, and be ready to correct reports that the city has backed down.",
        topics: &[T::Tibet],
        demands: &[D::RemoveSymbol, D::InformationRequest, D::Threat],
        tlp: Tlp::Clear,
        featured: true,
        steps: &[
            DemoStep {
                title: "In January: know your decision and who took it",
                body: r#"Most requests arrive between mid-February and the first days of March, and they are easiest to answer if the decision was settled before then.

- Find the **council resolution or mayor's decision** under which the city takes part. If there is none, decide now who decides, and put it in writing.
- Check your **flag rules**: some countries and regions regulate which flags may fly on public buildings. Ask the legal service to confirm that your practice is lawful.
- List **which buildings** fly the flag (town hall, district offices, schools) and who is responsible for each.
- Draft the one-paragraph reply now, while nobody is under pressure."#,
            },
            DemoStep {
                title: "Brief districts, schools and building managers",
                body: r#"Pressure often goes to the weakest link: a district office, a school head, a caretaker. They should know before the first call comes.

Send a short note (see the letter below) saying that the city takes part, who speaks for the city, and what to do if they are contacted: **note the details, say nothing on the substance, and forward it to one named contact.**

Agree in advance with district chairs what happens to ceremonies and speeches. Quietly dropping a speech to avoid a dispute may be reasonable, but expect it to be reported as a concession."#,
            },
            DemoStep {
                title: "Log every contact and give out no names",
                body: r#"Calls, letters, emails and remarks at receptions all go into the same case, with date, channel and the words used.

Callers sometimes ask who took the decision, or for the name of the official in charge of relations with China. Do not give out the names of staff. Give the name of the single senior contact you agreed on, and nothing else.

If a call is followed by no letter, send a short written confirmation yourself, so that the exchange is on record."#,
            },
            DemoStep {
                title: "Inform within 24 hours",
                body: r#"- **Mayor's office**: who signs the reply (usually the mayor's office or the person the letter was addressed to).
- **Council leaders**: one neutral paragraph, especially if the campaign rests on a council resolution.
- **District chairs** concerned, and the **communications office**.
- **Legal service**, if the letter questions the lawfulness of the flag.
- **National foreign ministry** desk officer or your association of municipalities, for information: hundreds of town halls take part each year, and the ministry may already have a line.
- **Police**, only if there are threats, or demonstrations are announced for 10 March."#,
            },
            DemoStep {
                title: "Reply once, in writing, before 10 March",
                body: r#"A reply within a few days, and before the flag goes up, ends the exchange on your terms.

State the decision and its basis (the council resolution or the city's long practice), say what the flag means for the city (solidarity with human rights, not a statement about borders), and say that the city values its partnership. One page at most.

Do not answer the letter's historical arguments, and do not enclose material of your own. A second letter from the other side does not need a second reply unless it says something new."#,
            },
            DemoStep {
                title: "On the day",
                body: r#"- Photograph the flag on each building, with the time: useful if anyone later claims it did not fly.
- Make sure building staff know that the flag stays up for the agreed period, and whom to call if asked to take it down.
- Keep the press line ready: the city takes part, as in previous years, in solidarity with human rights.
- If demonstrators of different views are expected, leave their separation to the police."#,
            },
            DemoStep {
                title: "Afterwards: correct the record and share",
                body: r#"If foreign media or social accounts report that the city "corrected its mistake" or "partly withdrew", publish a short factual statement on the city's website and keep a copy of the report. Do not enter into a public argument beyond that.

Update the case timeline: the flag flew, any follow-up, and whether the partnership programme continued as planned. Mark "we faced this too" on cases from other cities: the same letter often reaches many town halls in the same week, and a pattern is easier to show when everyone logs it."#,
            },
        ],
        letters: &[
            DemoLetter {
                name: "Reply to a request not to fly the Tibetan flag",
                body: r#"Dear {counterpart},

Thank you for your letter of {date} concerning the flying of the Tibetan flag at the town hall of {city} on 10 March.

The city of {city} takes part in this annual action on the basis of a decision of its city council, as it has done in previous years. The flag expresses solidarity with human rights; it is not a statement about borders or about the foreign policy of our country, which is a matter for our national government.

The flag will therefore fly as planned.

The city of {city} values its partnership with {partner_city} and sees no contradiction between it and this decision. We look forward to continuing our cooperation in the fields agreed between our cities.

Yours sincerely,

{sender}"#,
            },
            DemoLetter {
                name: "Internal note to district chairs and building managers",
                body: r#"To: district chairs, heads of schools and building managers of the city of {city}

Date: {date}

Subject: {event}

As in previous years, the city of {city} will take part in {event}. The decision rests with the city council, and the flag will fly on the buildings listed in the attachment.

You may be contacted by diplomatic staff or others asking you not to fly the flag, or asking who took the decision. If this happens:

- note the date, the name of the caller or sender and what was asked;
- do not discuss the substance and do not give the names of colleagues;
- forward the details the same day to {sender}, who answers on behalf of the city.

If you plan a ceremony or a speech, please tell {sender} in advance so that we can support you.

Thank you.

{sender}"#,
            },
        ],
        avoid: r#"- Leaving the decision with an individual official or a district: anchor it in a council resolution or a mayor's decision.
- Giving callers the names of the staff who handle relations with China.
- Debating the history or status of Tibet in your reply.
- Taking the flag down early, or flying it at a less visible place, as a quiet compromise: it will be reported as a concession.
- Not telling districts and schools in advance, so that they improvise under pressure.
- Answering a phone call only by phone, with nothing in writing.
- Letting a misleading report that the city "corrected its mistake" stand without a short public correction.
- Threatening to review the partnership in return: keep the two questions apart."#,
        cases: &[
            "Embassy phones to ask that the Tibetan flag not fly on 10 March",
            "Consulate letter asks the city to stay out of the Tibet flag campaign",
            "Embassy email about a Tibetan flag at a district office",
            "Embassy protests Milan's honorary citizenship for the Dalai Lama",
        ],
        uses: &[
            (
                "Embassy phones to ask that the Tibetan flag not fly on 10 March",
                "worked",
            ),
            (
                "Consulate letter asks the city to stay out of the Tibet flag campaign",
                "worked",
            ),
            (
                "Embassy email about a Tibetan flag at a district office",
                "partly",
            ),
        ],
    },
    // -----------------------------------------------------------------------------------------
    // 3. Belt and Road joint statement
    // -----------------------------------------------------------------------------------------
    DemoPlaybook {
        slug: "belt-and-road-joint-statement",
        title: "A partner city asks you to endorse the Belt and Road Initiative in a joint statement",
        summary: "For draft declarations, joint statements, interview scripts and forum communiqués in which the city would welcome, support or align itself with the Belt and Road Initiative or similar national programmes. Get the full text early, mark the political paragraphs, propose practical wording, decide your fallback before travelling, and prepare your own account of what was signed.",
        topics: &[T::BeltAndRoad],
        demands: &[D::EndorsePolicy, D::ChangeWording, D::Inducement],
        tlp: Tlp::Clear,
        featured: false,
        steps: &[
            DemoStep {
                title: "Get every text before saying yes",
                body: r#"Before the mayor accepts an invitation to a forum, conference or anniversary visit, ask in writing for:

- the **full text** of any declaration, joint statement or memorandum to be signed or "adopted by all participants";
- the **annexes** and the programme of the signing ceremony;
- the draft **press release** or communiqué, if there is one;
- any **interview questions** from accompanying media.

Accepting first and reading later is how cities end up on stage with a text they cannot sign."#,
            },
            DemoStep {
                title: "Mark the political paragraphs",
                body: r#"Read the draft with two colours. Most of it is usually practical: ports, urban renewal, climate, youth, culture. Mark separately any sentence in which the city would:

- **welcome, support or actively take part in** the Belt and Road Initiative;
- **align** its plans or cooperation with it;
- endorse other national programmes or slogans, such as the Global Development Initiative or a "community with a shared future for mankind";
- describe cooperation as taking place "within the framework" of such a programme.

A factual mention (a freight rail link that exists, a port that trades with Chinese companies) is not an endorsement. A commitment to support a national foreign-policy programme is. Paste the draft into Twinwise's agreement review to compare it with texts other cities received."#,
            },
            DemoStep {
                title: "Check the national position and inform",
                body: r#"A city has no foreign policy of its own; an endorsement signed by the mayor will still be read as one. Within the first week:

- ask the **foreign ministry desk officer** for the national government's position on the initiative;
- tell the **mayor's office** and **council leaders** which paragraphs are political and what you propose;
- tell city bodies with **their own commercial ties** in China (port authority, business agency, universities), so that the city's answer does not surprise them;
- brief the **communications office** on what the mayor will and will not sign."#,
            },
            DemoStep {
                title: "Propose practical wording",
                body: r#"Do not only strike out; offer a replacement. Organisers often can produce a version "for your city only".

Replace the political paragraph with concrete fields the two cities actually work on, for example: *The signatory cities will continue their exchanges on port logistics, air quality, urban renewal and youth exchanges, in accordance with their respective competences.*

Send the proposal in writing, with the reason stated once and briefly: the mayor signs texts on practical cooperation between cities, not texts endorsing another government's programmes."#,
            },
            DemoStep {
                title: "Decide your fallback before anyone travels",
                body: r#"If the text is not changed, choose in advance, and write down, one of these:

1. The mayor attends the sessions and leaves before the signing.
2. A senior official attends instead of an elected member.
3. The city declines the invitation, with thanks.

Expect repeated phone calls asking for confirmation. After each one, confirm your position in writing in one or two sentences: calls leave no record and are often made by a different person each time. Paid travel offered with the invitation is a separate question: see the playbook on gifts and paid trips."#,
            },
            DemoStep {
                title: "Manage the photo, the caption and the press release",
                body: r#"The organisers' communication may say more than the text you signed, or list your city among the supporters even if you did not sign.

- Publish **your own short account** the same day: what the mayor attended, what was signed, in your own words.
- Keep copies of what you signed and of the organisers' press release and captions.
- If the organisers misstate your position, ask **once, in writing** for a correction, and publish your own text whatever the answer.
- For interviews, give **written answers** to the questions you accept, keep them, and publish them if the article goes further than what was said."#,
            },
            DemoStep {
                title: "Share the text with peers",
                body: r#"The same draft usually goes to many cities at once. Post the political paragraph on Twinwise (as a case, or a comment on an existing one) as soon as you have it, so that peers can answer quickly and consistently.

If several member cities received the same text, consider agreeing a common answer: a single line that several mayors give is harder to present as an isolated refusal."#,
            },
        ],
        letters: &[
            DemoLetter {
                name: "Reply proposing practical wording",
                body: r#"Dear {counterpart},

Thank you for your invitation of {date} to {event} and for sending the draft joint declaration.

The mayor of {city} would be glad to take part. Our city values its cooperation with {partner_city}, and most of the draft reflects fields in which we already work together.

The mayor signs texts on practical cooperation between cities but not texts that endorse the programmes or policies of national governments, including our own. We would therefore ask that the paragraph referring to the Belt and Road Initiative be replaced, for our city, by the following:

*The signatory cities will continue their exchanges on port logistics, air quality, urban renewal, culture and youth, in accordance with their respective competences.*

We would be grateful for the revised text before we confirm the mayor's participation.

Yours sincerely,

{sender}"#,
            },
            DemoLetter {
                name: "Written confirmation: attendance yes, signature no",
                body: r#"Dear {counterpart},

Following our telephone conversation of {date}, I confirm the position of the city of {city} on {event}.

The mayor will take part in the working sessions as planned. The mayor will not sign the joint declaration in its present form, and will not take part in the signing ceremony.

We would ask that the city of {city} not be listed among the signatories in any communication about {event}.

We look forward to continuing our practical cooperation with {partner_city}.

Yours sincerely,

{sender}"#,
            },
            DemoLetter {
                name: "Request for correction of a press release",
                body: r#"Dear {counterpart},

Your communication about {event}, published on {date}, lists the city of {city} among the cities supporting the Belt and Road Initiative.

The city of {city} did not sign or endorse any such statement. The mayor took part in the working sessions only, as confirmed to you in writing beforehand.

We would be grateful if you would correct the communication. The city has published its own account of its participation on its website.

Yours sincerely,

{sender}"#,
            },
        ],
        avoid: r#"- Accepting an invitation before reading every annex and the draft declaration.
- Striking out the political paragraph without offering practical wording in its place.
- Relying on phone conversations: confirm your position in writing after each call.
- Assuming that an unsigned text keeps you out of the press release or the photo caption.
- Answering interview questions orally, with no written record of what the mayor said.
- Mixing the question of paid travel with the question of the declaration in a single yes or no.
- Keeping the text to yourself: the same paragraph is usually sent to many cities.
- Publicly attacking the partner city; the refusal is about a national programme, not about the partnership."#,
        cases: &[
            "Friendship association asks the mayor to sign a Belt and Road declaration",
            "State media interview request with a Belt and Road script",
            PAID_TRIP,
        ],
        uses: &[
            (
                "Friendship association asks the mayor to sign a Belt and Road declaration",
                "worked",
            ),
            (
                "State media interview request with a Belt and Road script",
                "did_not_work",
            ),
        ],
    },
    // -----------------------------------------------------------------------------------------
    // 4. Agreement review
    // -----------------------------------------------------------------------------------------
    DemoPlaybook {
        slug: "reviewing-a-partnership-agreement",
        title: "Reviewing a proposed sister-city agreement or memorandum before signing",
        summary: "For draft sister-city and friendship agreements, memoranda of understanding, and academic, youth or technology agreements with Chinese partners. Collect every version, read it clause by clause against a checklist (\"one China\" articles, \"core interests\", codes of conduct, data and exclusivity clauses, no end date), take legal and national advice, propose your own wording and keep a register of what you signed.",
        topics: &[
            T::Taiwan,
            T::Tibet,
            T::AcademicFreedom,
            T::Technology,
            T::Other,
        ],
        demands: &[D::EndorsePolicy, D::ChangeWording, D::InformationRequest],
        tlp: Tlp::Clear,
        featured: true,
        steps: &[
            DemoStep {
                title: "Collect every document and every language version",
                body: r#"Ask for the complete set before anyone discusses dates for a signing ceremony:

- the agreement in **both languages**, and a statement of which version prevails (or that both are equally authentic);
- all **annexes**, implementing plans and "work programmes";
- any **side agreements** for universities, schools, companies or associations that would run under the partnership.

Have the other-language version translated independently, not by the partner. Political wording is sometimes stronger in one version than in the other."#,
            },
            DemoStep {
                title: "Read it clause by clause against a checklist",
                body: r#"Paste the text into Twinwise's agreement review and go through each clause. Flag in particular:

- **"One China" articles**: any clause in which the city affirms a national policy on Taiwan or Tibet. A city has no foreign policy of its own to affirm; the 2016 Prague–Beijing agreement contained such an article, and it ended the partnership in 2019.
- **"Respect each other's core interests"** or "major concerns", and undertakings not to support "separatism": open-ended commitments whose meaning the other side defines.
- **Endorsements** of national programmes or slogans (Belt and Road, "shared future").
- **Codes of conduct** requiring participants to "respect the laws and policies" of one country, or to avoid activities "harmful to its interests", including on your own territory.
- **Data clauses**: sharing personal data of participants, students or residents; reuse of data from pilots; servers or remote access controlled by the other side.
- **Exclusivity**: priority for named companies or for one side's suppliers.
- **No end date**, no termination clause, confidentiality of the agreement itself, or disputes settled only by "friendly consultation"."#,
            },
            DemoStep {
                title: "Take legal and national advice",
                body: r#"Within the first two weeks, send the marked-up text to:

- the **legal service**: is the city competent to sign this? In some countries municipalities must notify or obtain approval for agreements with foreign authorities;
- the **data protection officer**, for any clause on personal or operational data;
- the **national foreign ministry** desk officer, for political wording and national usage;
- the **national cyber security or security service**, for technology, telecoms or "smart city" components.

Record who advised what, and when. Advice given by phone should be confirmed by email."#,
            },
            DemoStep {
                title: "Propose your own wording",
                body: r#"Send a marked-up draft rather than a list of objections. Useful replacements:

- Instead of a political article: *Each party acts within its competences and in accordance with the laws of its country.*
- Instead of a code of conduct under one country's law: *Participants respect the laws of the country in which each activity takes place. Both parties uphold academic freedom.*
- For data: *Personal data are processed only as required for the activity, under the data protection law of the party collecting them, and are not transferred to third parties.*
- For duration: a fixed term (for example five years), a review before renewal, and termination by either party with six months' written notice.

Keep the practical content (exchanges, visits, fields of cooperation) as it is, so that the discussion stays on the few clauses that matter."#,
            },
            DemoStep {
                title: "Negotiate in writing, with a timetable",
                body: r#"Send every proposal and reminder in writing, and log the dates in the case timeline. Decide in advance what you will do if there is no answer by a given date: postpone the signing, sign without the disputed article, or drop the agreement.

Silence is an answer too. In Prague's case the other side declined the proposed revision and then stopped replying to letters and reminders; a dated record made the council's decision easier to explain."#,
            },
            DemoStep {
                title: "Bring it to the council with the facts",
                body: r#"An agreement approved by the council is easier to defend than one signed by the executive alone. The council paper should set out:

- the purpose and expected benefits (students, trade, culture, technical cooperation) and the costs;
- the clauses that were changed, and why;
- the city's economic exposure (major employers, port, university links), stated openly so that the debate is about facts;
- the review and expiry dates."#,
            },
            DemoStep {
                title: "After signing: keep a register and review it",
                body: r#"Keep one register of every international agreement the city and its companies have signed: parties, date, term, expiry, renewal rule, responsible department, and where the originals are.

Review it once a year. Time-limited memoranda give a natural, quiet exit: Duisburg's 2018 memorandum with Huawei expired in 2022 and was not renewed. Publish the text of political partnership agreements on the city's website: a text the public can read is harder to misquote."#,
            },
            DemoStep {
                title: "If an existing agreement already contains a bad clause",
                body: r#"Options, from the quietest to the loudest:

1. Propose an **amendment** deleting the clause and keeping the rest.
2. Agree a **side letter** stating how the city reads the clause.
3. Let the agreement **lapse** at its expiry date without renewal, as Gothenburg did with Shanghai.
4. **Terminate** it under its own termination clause, by council decision.

Before choosing, list every other partnership with Chinese cities: partner cities may react together, and a change to one can affect the others."#,
            },
        ],
        letters: &[
            DemoLetter {
                name: "Cover letter sending a marked-up draft",
                body: r#"Dear {counterpart},

Thank you for the draft partnership agreement between {partner_city} and {city}, received on {date}.

We welcome the proposed cooperation in the fields set out in the draft. Our legal service has reviewed the text, and we enclose a version with proposed changes. In summary:

- the parties act within their competences as cities; questions of foreign policy are for national governments, so we propose to replace the political article with a reference to the laws of each country;
- participants in exchanges respect the laws of the country where each activity takes place;
- personal data are processed only for the purposes of each activity, under the data protection law of the party collecting them;
- the agreement runs for five years, with a joint review before any renewal, and either party may end it with six months' written notice.

The rest of the text is unchanged. We would be grateful for your comments, and would be glad to discuss them by video call.

Yours sincerely,

{sender}"#,
            },
            DemoLetter {
                name: "Reminder with a date for a decision",
                body: r#"Dear {counterpart},

On {date} we sent you proposed changes to the agreement between {partner_city} and {city}, and we have since written to you again without receiving an answer.

Our city council will consider the agreement at its next meeting. We would be grateful for your reply before then. Without a reply, the council will have to decide on the basis of the text as it stands, and it will not be able to approve the article concerned.

We continue to value our cooperation with {partner_city} and hope that we can conclude the agreement.

Yours sincerely,

{sender}"#,
            },
        ],
        avoid: r#"- Setting a signing date, or announcing a signing ceremony, before the text has been reviewed.
- Relying on a translation provided by the other side.
- Treating political articles as harmless boilerplate: they will be quoted back at you, long after the people who signed them have left.
- Accepting "respect each other's core interests" without asking who defines them.
- Agreeing a code of conduct that applies one country's political rules to activities on your own territory.
- Signing data clauses without your data protection officer, or technology clauses without national security advice.
- Agreements with no end date and no termination clause.
- Negotiating by phone and leaving no dated record of proposals and reminders.
- Changing one partnership without checking the knock-on effect on the others."#,
        cases: &[
            PRAGUE_BEIJING,
            "Summer-school agreement asks participants to \"respect Chinese laws and policies\"",
            DUISBURG_HUAWEI,
            GOTHENBURG_LAPSE,
        ],
        uses: &[
            (
                "Summer-school agreement asks participants to \"respect Chinese laws and policies\"",
                "worked",
            ),
            (PRAGUE_BEIJING, "partly"),
            (DUISBURG_HUAWEI, "worked"),
        ],
    },
    // -----------------------------------------------------------------------------------------
    // 5. Partner suspends exchanges
    // -----------------------------------------------------------------------------------------
    DemoPlaybook {
        slug: "partner-city-suspends-exchanges",
        title: "A partner city suspends exchanges or ends the partnership",
        summary: "For the day a Chinese partner city announces that it suspends official exchanges or ends the partnership, often by public statement rather than by letter, as Shanghai did with Prague in January 2020. Establish the facts, protect people currently travelling or studying, answer publicly and briefly, sort out which ties continue, review all your Chinese partnerships at once and keep a dated record.",
        topics: &[T::Taiwan, T::Dissidents, T::Other],
        demands: &[D::Threat, D::EndTaiwanContacts, D::Other],
        tlp: Tlp::Clear,
        featured: false,
        steps: &[
            DemoStep {
                title: "First hours: establish what was announced",
                body: r#"You may learn of it from a news agency, the partner's website or a journalist's call rather than from a letter.

- Get the **original text** and a reliable translation; save a copy, since web pages change.
- Note exactly what is suspended: "official exchanges", the partnership agreement itself, or named programmes.
- Note the reasons given, word for word.
- Do not comment to the press until you have read the text; "we are looking at the statement and will respond today" is enough."#,
            },
            DemoStep {
                title: "Within 24 hours: convene a small group",
                body: r#"Bring together, in person or by call:

- the **mayor's office** and **communications**;
- the **legal service**, to check the agreement's termination clause and any contracts or grants that depend on it;
- the heads of departments with **live projects** (education, culture, economic development);
- contacts at **universities, schools, cultural institutions and the chamber of commerce** with programmes in the partner city.

Inform the **national foreign ministry** desk officer the same day: journalists will ask them too, and their consular service may be needed for residents in China."#,
            },
            DemoStep {
                title: "Protect people first",
                body: r#"- Identify everyone from the city who is **in the partner city now** or due to travel soon: students, teachers, musicians, business delegations. Contact them, give them the facts, and let them decide with their institutions whether to continue. Point them to your country's consular registration.
- Tell host families and exchange partners what you know, calmly.
- Make sure **Chinese students and residents in your city** are not blamed or targeted for a decision they did not take. Say so publicly if needed."#,
            },
            DemoStep {
                title: "Answer publicly, briefly, and in more than one language",
                body: r#"A public statement needs a public answer. Keep it short and factual:

- the city regrets the decision;
- the city's decisions are taken by its elected council, under its own laws;
- the city remains open to exchanges between people, schools, universities and businesses.

Publish it in your language, in English and, if you can, in Chinese. Avoid sarcasm and comparisons, however tempting: they are quoted long after the facts are forgotten."#,
            },
            DemoStep {
                title: "Sort out which ties continue",
                body: r#"Make a list of every programme that ran under the partnership and put each into one of two columns:

- **official**: delegations, the mayor's visits, joint declarations. These are usually what is suspended.
- **run by others**: university agreements, school exchanges, orchestra tours, port and business contacts.

Write to the bodies in the second column: the city does not ask them to stop, and they decide for themselves. Check whether their funding depended on the partnership, and whether it can continue under another heading. Expect some of them to be cancelled by the Chinese side anyway, and record it when it happens."#,
            },
            DemoStep {
                title: "Review all your Chinese partnerships at once",
                body: r#"Partner cities in the same country may act together: Shanghai ended its partnership with Prague three months after Prague's partnership with Beijing ended, the day after Prague signed with Taipei.

List every agreement with a Chinese city or province, with its expiry date and what is running under it. Decide now what you will do if the next one is suspended, rather than improvising a second time."#,
            },
            DemoStep {
                title: "Keep a dated record and leave the door open",
                body: r#"Record every consequence in the case timeline: cancelled tours, unanswered emails, delegations that do not come, companies that report difficulties. A dated record helps the council, the ministry and your peers weigh what happened.

Do not retaliate against the partner city's residents or institutions. Keep sending routine courtesies (new year greetings, condolences after disasters). If the other side later proposes to resume, ask on what terms, in writing, and take it to the council."#,
            },
        ],
        letters: &[
            DemoLetter {
                name: "Public statement after a partner suspends exchanges",
                body: r#"Statement of the city of {city}, {date}

The city of {city} has learned from a public announcement that {partner_city} has decided to suspend official exchanges with our city. We regret this decision.

The decisions of the city of {city} are taken by its elected council, in accordance with the laws of our country.

Our city remains open to exchanges between people, schools, universities, cultural institutions and businesses in both cities, which have brought real benefits to residents of {partner_city} and {city} over many years.

{sender}"#,
            },
            DemoLetter {
                name: "Note to schools, universities and cultural partners",
                body: r#"Dear colleagues,

As you may have seen, {partner_city} announced on {date} that it suspends official exchanges with the city of {city}.

The city does not ask you to end your own exchanges or programmes with partners in {partner_city}. Decisions on them are yours, and we will support you in taking them.

If members of your staff or students are in {partner_city} now, or due to travel soon, please let {sender} know, so that we can share information and, if needed, contact the consular services.

If any of your activities, including {event}, are cancelled or changed by the other side, please tell us, with the date and what you were told. We keep a record of these consequences for the city council.

With thanks,

{sender}"#,
            },
        ],
        avoid: r#"- Commenting to the press before you have read the original announcement.
- Answering a public statement only by private letter.
- Sarcasm, insults or point-scoring in the city's public answer.
- Telling universities, schools or companies to end their own contacts, or leaving them without any guidance.
- Forgetting the people who are in the partner city at the time of the announcement.
- Letting Chinese students or residents in your city be blamed for the decision.
- Treating each partnership separately when several Chinese partners may act together.
- Keeping no dated record of cancellations and other consequences.
- Retaliating against the partner city's institutions or residents."#,
        cases: &[
            SHANGHAI_PRAGUE,
            PRAGUE_BEIJING,
            "Linköping ends political contacts with Guangzhou after threats over the Gui Minhai prize",
            GOTHENBURG_LAPSE,
        ],
        uses: &[(SHANGHAI_PRAGUE, "partly")],
    },
    // -----------------------------------------------------------------------------------------
    // 6. Donations, gifts, paid trips and free pilots
    // -----------------------------------------------------------------------------------------
    DemoPlaybook {
        slug: "donations-gifts-and-free-pilots",
        title: "A counterpart offers donations, gifts, paid trips or a free pilot",
        summary: "For offers of donated equipment, gifts, all-expenses-paid travel for elected members, sponsorship, or free technology pilots from partner cities, consulates, friendship associations or companies. Many such offers are simply help; the aim is to accept what serves residents on your own terms, refuse what would buy a statement or data, and log both so that peers can tell a gift from an inducement.",
        topics: &[T::Covid19, T::Technology, T::BeltAndRoad],
        demands: &[D::Inducement, D::EndorsePolicy, D::InformationRequest],
        tlp: Tlp::Green,
        featured: false,
        steps: &[
            DemoStep {
                title: "Start from the fact that not every gift is pressure",
                body: r#"In 2020 many Chinese partner cities sent masks and protective equipment to their sister cities, and many of those donations came with no conditions at all: Annapolis received 40,000 masks from Changsha and sent a book of photographs in return.

The purpose of this playbook is not to refuse gifts. It is to accept what helps residents on terms the city sets, to recognise the offers that come with a request attached, and to keep a record of both."#,
            },
            DemoStep {
                title: "Log the offer in writing",
                body: r#"Record, for every offer:

- **what** is offered, and an estimate of its value;
- **who** offers it: a partner city's foreign affairs office, a friendship association, a consulate, a company;
- **how** it arrived, and who in the city received it;
- any **condition** stated, hinted at or simply expected: a visit, a statement, a signature, data, a follow-on purchase;
- the **deadline** you were given.

Ask for the offer in writing if it was made orally."#,
            },
            DemoStep {
                title: "Check the offer against your own rules",
                body: r#"Before answering, ask the **legal service** or ethics officer:

- Do the city's rules on **gifts and hospitality** allow elected members or staff to accept this? Many cities do not allow elected members to accept travel paid for by foreign governments.
- Does a free pilot or donated equipment affect a future **procurement**, or raise state-aid or competition questions?
- Must the gift be entered in a **register** of gifts or declared by the recipient?
- For medical or safety equipment: who checks that it meets the required **standards**?

A written rule makes a refusal impersonal: you are applying the city's policy, not judging the donor."#,
            },
            DemoStep {
                title: "Ask what comes back",
                body: r#"Put these questions to the donor, politely and in writing, before accepting:

- Is any **public statement**, video, interview, event or signature expected in return?
- Will the donor **publicise** the gift, and how?
- Is there any **exclusivity**, follow-on purchase or preferred-supplier expectation?
- For technology: **who runs the servers**, who has **remote access**, and may the donor **reuse data**, "anonymised" or not?
- Who pays shipping, customs and installation?

A donor with no conditions answers these easily. Hesitation is information too."#,
            },
            DemoStep {
                title: "Free pilots and technology: involve security early",
                body: r#"Free pilots are often paid for with data. Involve the **data protection officer** and the **national cyber security or security service** before the first meeting, not after.

Insist on data stored on city-controlled servers, no reuse by the supplier, no remote access without the city's case-by-case consent, a fixed end date and a clean exit. Enter the pilot's expiry date in your register of agreements: a memorandum that simply runs out, as Duisburg's with Huawei did in 2022, is the quietest exit."#,
            },
            DemoStep {
                title: "Accept on your terms, in writing",
                body: r#"If you accept, send a short letter that states what the gift is for, who will use it, and that the city accepts it on the understanding that no conditions apply.

**Announce the gift yourself**, in your own words, before or at the same time as the donor. Expect the donor to feature it in its own messaging, and decide beforehand whether you mind.

Thank the donor for the gift and for the friendship between the cities, not for a government's policy. A modest gesture in return (a book about the city, a letter from the mayor) keeps the relationship balanced."#,
            },
            DemoStep {
                title: "When a request follows the gift",
                body: r#"Sometimes the request comes a week after delivery: a thank-you video with suggested wording, a council motion, a signature on a declaration.

- Answer in writing, promptly, and thank again for the gift itself.
- **Write your own thanks**; do not edit the suggested text, since any phrase you keep will be presented as yours.
- Explain once that the city does not make statements on other governments' policies.
- Assume that anything you send will be published, in translation."#,
            },
            DemoStep {
                title: "Paid trips for elected members",
                body: r#"Separate the invitation from the payment. The city can accept to take part in a forum while declining paid flights and hotels, and it can decline to sign a declaration while still sending someone to the working sessions.

Answer the two questions in the same letter, but as two separate points, so that a refusal of one is not read as a refusal of the partnership."#,
            },
            DemoStep {
                title: "Record and share",
                body: r#"Log every offer as a case, including the ones with no strings attached: peers need to see both to tell the difference. Record what arrived, what was asked in return (even "nothing"), how the donor presented it, and any later request.

Check Twinwise for the same offer or the same suggested wording in other cities before you answer."#,
            },
        ],
        letters: &[
            DemoLetter {
                name: "Acceptance stating that no conditions apply",
                body: r#"Dear {counterpart},

On behalf of the city of {city}, thank you for the offer made on {date} on behalf of {partner_city}.

The city gratefully accepts the donation. It will be used by our city services, in accordance with their needs and our rules, and we will announce it to our residents ourselves.

We accept it on the understanding that it is a gift between our cities and that no conditions are attached to it.

We value the long friendship between {partner_city} and {city} and look forward to continuing our exchanges.

With our thanks and best wishes,

{sender}"#,
            },
            DemoLetter {
                name: "Declining paid travel while keeping the invitation",
                body: r#"Dear {counterpart},

Thank you for your letter of {date} inviting a delegation from {city} to {event}.

The city values its exchanges with {partner_city}. Under the rules of the city of {city}, however, our elected members do not accept travel or accommodation paid for by foreign governments or their agencies. If a delegation attends, the city will cover its own costs.

Our elected members also do not sign declarations on questions of national foreign policy. We would therefore not take part in any signing ceremony, but would be glad to contribute to the working sessions.

Yours sincerely,

{sender}"#,
            },
            DemoLetter {
                name: "Reply to a request for a thank-you statement",
                body: r#"Dear {counterpart},

Thank you for your message of {date}. The donation from {partner_city} has reached our city services, and it is being put to good use.

We enclose a letter from the city of {city} thanking {partner_city} for its generosity and for the long friendship between our cities. You are welcome to share it.

It is the practice of our city not to make statements, in writing or on video, about the policies of other governments, and we hope you will understand that we cannot record the message suggested.

With our renewed thanks,

{sender}"#,
            },
        ],
        avoid: r#"- Treating every donation as suspicious: many partner-city gifts are simply help.
- Accepting an offer made orally without a written record of what was offered and asked.
- Letting the donor announce the gift first, in its words only.
- Editing a suggested thank-you text instead of writing your own.
- Accepting paid travel for elected members without checking the city's gift and hospitality rules.
- Signing a free pilot's memorandum before the data protection officer and national security advice have seen it.
- Agreeing to "anonymised" data reuse or remote maintenance access without asking who controls the servers.
- Pilots and memoranda with no end date.
- Answering a follow-up request by phone, with nothing in writing."#,
        cases: &[
            "Annapolis receives 40,000 masks from its sister city Changsha",
            "Mask donation followed by a request for a thank-you video praising China",
            PAID_TRIP,
            "Norfolk accepts protective equipment from its sister district in Ningbo",
        ],
        uses: &[
            (
                "Annapolis receives 40,000 masks from its sister city Changsha",
                "worked",
            ),
            (
                "Mask donation followed by a request for a thank-you video praising China",
                "partly",
            ),
            (PAID_TRIP, "worked"),
        ],
    },
    // -----------------------------------------------------------------------------------------
    // 7. Speaker, exhibition or motion on Hong Kong, Xinjiang or Tiananmen
    // -----------------------------------------------------------------------------------------
    DemoPlaybook {
        slug: "speaker-exhibition-or-motion-removal",
        title: "A consulate asks you to drop a Hong Kong or Uyghur speaker, an exhibition or a council motion",
        summary: "For requests to withdraw funding from a panel, take down an exhibition in a public building, refuse a stand to a group, or vote down a motion on Hong Kong, Xinjiang, Tiananmen or Falun Gong. Work out the city's role (organiser, funder, landlord or elected body), tell organisers at once that you will not interfere, answer by citing a neutral rule, and look after the safety of speakers and their families.",
        topics: &[
            T::HongKong,
            T::Xinjiang,
            T::Tiananmen,
            T::FalunGong,
            T::Dissidents,
        ],
        demands: &[D::CancelEvent, D::RestrictGroup, D::ChangeWording],
        tlp: Tlp::Clear,
        featured: false,
        steps: &[
            DemoStep {
                title: "Work out the city's role",
                body: r#"The answer depends on what the city is to the event:

- **Funder** of an independent festival or group: the city funds the whole programme and does not approve or veto speakers (an arm's-length rule).
- **Landlord** of a foyer, hall or fair: space is offered to community groups on equal terms, whatever their views (a viewpoint-neutral booking rule).
- **Organiser**: the programme is decided by the responsible department on its usual criteria.
- **Elected body**: motions and proclamations follow the council's own procedure, and correspondence to members is handled as such.

If the city has no written rule for its role, this is the moment to find the nearest existing one and to start writing one."#,
            },
            DemoStep {
                title: "Tell the organiser at once that you will not interfere",
                body: r#"Within the first day, call the festival director, the exhibition's organisers or the group concerned, and tell them what was asked and that the city will not act on it.

This matters more than the reply to the consulate. Organisers who depend on a grant or a booking may otherwise withdraw the speaker or shorten the exhibition themselves, and nobody will ever know why."#,
            },
            DemoStep {
                title: "Inform and get advice",
                body: r#"- The **mayor's office** and the **council leader**, who usually signs the reply.
- The **legal service**: refusing a registered group a stand, or removing an exhibition because of its viewpoint, may be unlawful discrimination on grounds of belief or opinion.
- The **police**, for a risk assessment if protests or counter-protests are possible.
- The **communications office**, for a press line.
- The **national foreign ministry** desk officer, for information.

Everyone in the city who organises public events (libraries, fairs, festivals, venues) should know whom to call when such a request arrives. If they did not, send them a short note now."#,
            },
            DemoStep {
                title: "Treat coordinated pressure as one case",
                body: r#"A consulate's letter is often followed by complaints from the public in very similar wording, calls to councillors from local associations, or a local group threatening to withdraw from an event.

Log all of them in the same case, with dates. Do not publish the names of individual complainants. A threat by another association to withdraw is often a bluff; the answer is the same neutral rule."#,
            },
            DemoStep {
                title: "Reply in writing, citing the rule",
                body: r#"Keep the reply short: acknowledge the letter, state the rule (arm's-length funding, viewpoint-neutral booking, the council's procedure), state the result (the panel goes ahead, the exhibition stays until the end of its booking, the motion will be debated), and say that the city supports freedom of expression within the law.

Do not argue about what is happening in Xinjiang or Hong Kong, and do not describe the content of the event as balanced or unbalanced: the city is not judging it."#,
            },
            DemoStep {
                title: "Look after speakers and their families",
                body: r#"Speakers from Hong Kong, Uyghur speakers and dissidents may have relatives in China who can be pressured.

- Ask them what they need, and respect how much they want to be named or photographed.
- Do not pass on lists of participants, speakers or visitors to anyone who asks for them; refer such requests to the data protection officer.
- Give them a contact at the police if they receive threats, including online."#,
            },
            DemoStep {
                title: "Elected members and the public record",
                body: r#"Emails sent to every council member before a vote are usually public correspondence. Attaching them to the agenda item, as one council did before a Tiananmen proclamation, is transparent and takes the pressure out.

Brief members before the vote so that no one is surprised by a phone call, and remind them that they may forward any contact to the clerk."#,
            },
        ],
        letters: &[
            DemoLetter {
                name: "Reply citing the arm's-length funding rule",
                body: r#"Dear {counterpart},

Thank you for your message of {date} concerning {event}.

The city of {city} supports {event} as a whole, as part of its cultural funding. In line with our long-standing practice, the city does not approve or veto individual speakers or sessions; the programme is the responsibility of the organisers. The city supports freedom of expression within the law.

The city will therefore not intervene in the programme of {event}.

We continue to value our relations with {partner_city} and our cooperation in the fields agreed between our cities.

Yours sincerely,

{sender}"#,
            },
            DemoLetter {
                name: "Reply citing the viewpoint-neutral booking policy",
                body: r#"Dear {counterpart},

Thank you for your letter of {date} concerning {event}.

Our public spaces are available to community groups on equal terms, under a booking policy that does not assess exhibitions or events by their political viewpoint, beyond the requirements of the law. The city does not endorse the content of the exhibitions it hosts, and it does not remove them because of their viewpoint.

{event} will therefore remain in place until the end of its booking.

Yours sincerely,

{sender}"#,
            },
        ],
        avoid: r#"- Waiting to see whether the organiser withdraws the speaker on their own.
- Withdrawing funding from a single panel, or a stand from a single group, while claiming neutrality.
- Judging the content of the exhibition or the panel in your reply, even to defend it.
- Refusing a registered group space at another group's request: it may be discrimination on grounds of belief, and it will come out.
- Handing over lists of participants, speakers or visitors to anyone who asks.
- Naming individual complainants in public.
- Leaving event organisers in other departments without anyone to call.
- Treating correspondence to elected members as confidential when it is a public record."#,
        cases: &[
            "Consulate asks a city-funded festival to drop a Hong Kong speaker",
            "Consulate asks for a photo exhibition on Uyghur detention camps to be removed",
            "Consulate urges council members to vote down a Tiananmen anniversary proclamation",
        ],
        uses: &[
            (
                "Consulate asks a city-funded festival to drop a Hong Kong speaker",
                "worked",
            ),
            (
                "Consulate asks for a photo exhibition on Uyghur detention camps to be removed",
                "worked",
            ),
            (
                "Consulate urges council members to vote down a Tiananmen anniversary proclamation",
                "worked",
            ),
        ],
    },
];

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::demo::cases::{CASES, DemoCase};

    fn case(title: &str) -> Option<&'static DemoCase> {
        CASES.iter().find(|c| c.title == title)
    }

    fn by_slug(slug: &str) -> &'static DemoPlaybook {
        PLAYBOOKS
            .iter()
            .find(|p| p.slug == slug)
            .unwrap_or_else(|| panic!("no playbook {slug}"))
    }

    /// Every Markdown text of a playbook, named for error messages.
    fn texts(p: &DemoPlaybook) -> Vec<(String, &'static str)> {
        let mut all = vec![
            ("title".to_owned(), p.title),
            ("summary".to_owned(), p.summary),
            ("avoid".to_owned(), p.avoid),
        ];
        for s in p.steps {
            all.push((format!("step title {}", s.title), s.title));
            all.push((format!("step {}", s.title), s.body));
        }
        for l in p.letters {
            all.push((format!("letter name {}", l.name), l.name));
            all.push((format!("letter {}", l.name), l.body));
        }
        all
    }

    /// The names between braces in `body`, or an error for unbalanced or nested braces.
    fn placeholders(body: &str) -> Result<Vec<&str>, String> {
        let mut names = Vec::new();
        let mut rest = body;
        loop {
            let open = rest.find('{');
            let close = rest.find('}');
            match (open, close) {
                (None, None) => return Ok(names),
                (None, Some(_)) => return Err("a '}' without '{'".to_owned()),
                (Some(o), Some(c)) if c < o => return Err("a '}' without '{'".to_owned()),
                (Some(_), None) => return Err("a '{' without '}'".to_owned()),
                (Some(o), Some(c)) => {
                    let name = &rest[o + 1..c];
                    if name.contains('{') {
                        return Err("nested '{'".to_owned());
                    }
                    names.push(name);
                    rest = &rest[c + 1..];
                }
            }
        }
    }

    #[test]
    fn slugs_are_valid_and_unique() {
        let mut seen = HashSet::new();
        for p in PLAYBOOKS {
            assert!((3..=80).contains(&p.slug.len()), "{}", p.slug);
            assert!(
                p.slug
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                p.slug
            );
            assert!(
                !p.slug.starts_with('-') && !p.slug.ends_with('-') && !p.slug.contains("--"),
                "{}",
                p.slug
            );
            assert!(seen.insert(p.slug), "duplicate slug {}", p.slug);
        }
    }

    #[test]
    fn texts_respect_the_length_limits() {
        let mut titles = HashSet::new();
        for p in PLAYBOOKS {
            assert!(
                !p.title.trim().is_empty() && p.title.chars().count() <= 200,
                "{}",
                p.slug
            );
            assert!(titles.insert(p.title), "duplicate title {}", p.title);
            assert!(
                !p.summary.trim().is_empty() && p.summary.chars().count() <= 1000,
                "{}",
                p.slug
            );
            assert!(
                !p.summary.contains('\n'),
                "{}: summary is plain text",
                p.slug
            );
            assert!(!p.topics.is_empty() && !p.demands.is_empty(), "{}", p.slug);
            assert!(
                (5..=10).contains(&p.steps.len()),
                "{}: {} steps",
                p.slug,
                p.steps.len()
            );
            for s in p.steps {
                assert!(!s.title.trim().is_empty() && s.title.chars().count() <= 200);
                assert!(!s.body.trim().is_empty(), "{}: empty step", p.slug);
                assert!(s.body.chars().count() <= 20_000, "{}: {}", p.slug, s.title);
            }
            assert!(
                (1..=3).contains(&p.letters.len()),
                "{}: {} letters",
                p.slug,
                p.letters.len()
            );
            for l in p.letters {
                assert!(!l.name.trim().is_empty() && l.name.chars().count() <= 200);
                assert!(!l.body.trim().is_empty(), "{}: empty letter", p.slug);
                assert!(l.body.chars().count() <= 20_000, "{}: {}", p.slug, l.name);
            }
            assert!(p.avoid.chars().count() <= 20_000, "{}", p.slug);
        }
    }

    #[test]
    fn avoid_is_a_bullet_list_of_five_to_ten_items() {
        for p in PLAYBOOKS {
            let lines: Vec<&str> = p.avoid.lines().filter(|l| !l.trim().is_empty()).collect();
            assert!(
                lines.iter().all(|l| l.starts_with("- ")),
                "{}: every line of `avoid` is a bullet",
                p.slug
            );
            assert!(
                (5..=10).contains(&lines.len()),
                "{}: {} items",
                p.slug,
                lines.len()
            );
        }
    }

    #[test]
    fn letters_use_only_the_known_placeholders() {
        for p in PLAYBOOKS {
            for l in p.letters {
                let names =
                    placeholders(l.body).unwrap_or_else(|e| panic!("{} / {}: {e}", p.slug, l.name));
                assert!(!names.is_empty(), "{} / {}: no placeholder", p.slug, l.name);
                for name in names {
                    assert!(
                        PLACEHOLDERS.contains(&name),
                        "{} / {}: unknown placeholder {{{name}}}",
                        p.slug,
                        l.name
                    );
                }
            }
            for (what, text) in texts(p) {
                if !what.starts_with("letter ") {
                    assert!(
                        !text.contains('{') && !text.contains('}'),
                        "{}: braces outside a letter in {what}",
                        p.slug
                    );
                }
            }
        }
        assert_eq!(placeholders("{city} and {date}"), Ok(vec!["city", "date"]));
        assert!(placeholders("{city").is_err());
        assert!(placeholders("city}").is_err());
        assert!(placeholders("{ci{ty}").is_err());
    }

    #[test]
    fn no_raw_html() {
        for p in PLAYBOOKS {
            for (what, text) in texts(p) {
                let bytes = text.as_bytes();
                for (i, &b) in bytes.iter().enumerate() {
                    if b == b'<' {
                        let next = bytes.get(i + 1).copied().unwrap_or(b' ');
                        assert!(
                            !(next.is_ascii_alphabetic() || next == b'/' || next == b'!'),
                            "{}: raw HTML in {what}",
                            p.slug
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn cited_and_used_cases_exist_and_may_be_linked() {
        for p in PLAYBOOKS {
            assert!((1..=4).contains(&p.cases.len()), "{}", p.slug);
            assert!((1..=3).contains(&p.uses.len()), "{}", p.slug);
            let mut cited = HashSet::new();
            for title in p.cases {
                let c = case(title).unwrap_or_else(|| panic!("{}: no demo case {title:?}", p.slug));
                assert!(cited.insert(*title), "{}: {title} cited twice", p.slug);
                assert!(
                    matches!(c.tlp, Tlp::Clear | Tlp::Green),
                    "{}: {title} is not CLEAR or GREEN",
                    p.slug
                );
            }
            let mut used = HashSet::new();
            for (title, outcome) in p.uses {
                let c = case(title).unwrap_or_else(|| panic!("{}: no demo case {title:?}", p.slug));
                assert!(used.insert(*title), "{}: {title} used twice", p.slug);
                assert!(OUTCOMES.contains(outcome), "{}: outcome {outcome}", p.slug);
                assert!(
                    matches!(c.tlp, Tlp::Clear | Tlp::Green),
                    "{}: {title} is not CLEAR or GREEN",
                    p.slug
                );
            }
        }
        let outcomes: HashSet<&str> = PLAYBOOKS
            .iter()
            .flat_map(|p| p.uses.iter().map(|(_, o)| *o))
            .collect();
        assert_eq!(
            outcomes.len(),
            OUTCOMES.len(),
            "the uses show every outcome"
        );
    }

    #[test]
    fn three_are_featured_and_sensitivity_is_clear_or_green() {
        assert_eq!(PLAYBOOKS.iter().filter(|p| p.featured).count(), 3);
        assert!(
            PLAYBOOKS
                .iter()
                .all(|p| matches!(p.tlp, Tlp::Clear | Tlp::Green))
        );
        let green = PLAYBOOKS.iter().filter(|p| p.tlp == Tlp::Green).count();
        assert!((1..=2).contains(&green), "{green} GREEN playbooks");
    }

    #[test]
    fn the_required_situations_are_covered() {
        assert!(PLAYBOOKS.len() >= 6);
        let taiwan = by_slug("taiwan-event-cancellation-request");
        assert!(taiwan.topics.contains(&T::Taiwan) && taiwan.demands.contains(&D::CancelEvent));
        let tibet = by_slug("tibet-flag-removal-request");
        assert!(tibet.topics.contains(&T::Tibet) && tibet.demands.contains(&D::RemoveSymbol));
        let bri = by_slug("belt-and-road-joint-statement");
        assert!(bri.topics.contains(&T::BeltAndRoad) && bri.demands.contains(&D::EndorsePolicy));
        let review = by_slug("reviewing-a-partnership-agreement");
        assert!(review.cases.contains(&PRAGUE_BEIJING));
        let suspended = by_slug("partner-city-suspends-exchanges");
        assert!(suspended.cases.contains(&SHANGHAI_PRAGUE));
        let gifts = by_slug("donations-gifts-and-free-pilots");
        assert!(gifts.demands.contains(&D::Inducement));
    }
}
