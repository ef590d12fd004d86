-- Staff texts in both official languages: each version of a summary or a
-- report section holds an English and a French text, either possibly
-- empty while its translation is pending. Texts saved before were in one
-- language: afterMigration moves those written in French.
ALTER TABLE summaries RENAME COLUMN body TO body_en;
ALTER TABLE summaries ADD COLUMN body_fr TEXT NOT NULL DEFAULT '';
