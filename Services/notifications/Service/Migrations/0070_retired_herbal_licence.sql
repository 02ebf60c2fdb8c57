-- Issue 16, point 5: herbalLicence was split into cosmeticNotification and herbalProductLicence;
-- the copies of requests naming it read as cosmeticNotification (StandardCode.retired).
UPDATE notifications.requests SET target_standard = 'cosmeticNotification' WHERE target_standard = 'herbalLicence';
