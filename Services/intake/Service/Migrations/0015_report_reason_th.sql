-- A refused step report's reason in Thai beside the English one (certification.report-refused
-- carries `reasonTH` since this version; earlier refusals have none).
ALTER TABLE intake.certificate_reports ADD COLUMN reason_th text;
