-- Issue 15 §4: a questionnaire uploaded by a province administrator belongs to their agency and is
-- offered only there and below; NULL = national (every questionnaire stored before, and the shipped files).
ALTER TABLE survey_version ADD COLUMN agency_id BIGINT NULL;
ALTER TABLE survey_version ADD CONSTRAINT fk_survey_version_agency FOREIGN KEY (agency_id) REFERENCES agency (id);
