-- Closing the loop with whoever referred someone to social prescribing
-- (issue 17, docs/social-prescribing.md, "Back to the referrer"): when a
-- link worker closes a case that came from a GP's or another
-- professional's referral, they may write a message for that referrer
-- (what came of it, in words the person agreed to share), which the
-- referrer reads on /social-prescribing/sent. '' when there is none.
ALTER TABLE sp_cases ADD COLUMN referrer_message TEXT NOT NULL DEFAULT '';
