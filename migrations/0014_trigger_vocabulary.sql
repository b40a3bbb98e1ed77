-- The channel's trigger words default to the parser's own vocabulary: "@vocabulary"
-- stands for every word of leavebot/parsing/vocabulary.py, so the gate never drops
-- a message the parser reads as leave or cancel. Only the old default list is
-- replaced; a list an admin changed stays as it is.
-- depends: 0013_leave_day_settled

UPDATE config
   SET value = '["@vocabulary"]'::jsonb, updated_by = 'migration', updated_at = now()
 WHERE key = 'trigger_keywords'
   AND value = '["leave", "off", "out", "ooo", "pto", "vacation", "holiday", "sick", "unwell", "fever", "doctor", "half day", "half-day", "hd", "absent", "away", "cancel", "revoke"]'::jsonb;
