-- Self-registration (issue 15, point 3): an enterprise new to the programme applies on the portal
-- (`POST /v1/enterprise-applications`, the portal's service client) and waits, unverified, in its
-- region's screening queue until an officer verifies it. Every enterprise registered before is verified.
ALTER TABLE intake.enterprises ADD COLUMN verified boolean NOT NULL DEFAULT true;
CREATE INDEX enterprises_unverified ON intake.enterprises (province_code, created_at) WHERE NOT verified;
