-- Issue 16, point 5: herbalLicence was split into cosmeticNotification and herbalProductLicence;
-- certificates and requests naming it read as cosmeticNotification (StandardCode.retired: the old
-- entry's steps were the notification's). A product cannot hold both (the catalogue had no
-- cosmeticNotification before), so the identity index stays unique.
UPDATE certification.certificates SET standard = 'cosmeticNotification' WHERE standard = 'herbalLicence';
UPDATE certification.requests SET target_standard = 'cosmeticNotification' WHERE target_standard = 'herbalLicence';
