-- An approved email domain belongs to one country: a registrant is approved without a
-- moderator only when the country they name is the domain's. Domains added before carry no
-- country and approve nobody until an admin adds them again with one.
ALTER TABLE approved_domains ADD COLUMN country_code TEXT NOT NULL DEFAULT '';
