-- The name and phone given with an online booking (issue 11 item 4). A public
-- booking never rewrites the client record it matched by email; what the
-- person typed is kept on the booking so staff can see both. NULL for bookings
-- made by staff or imported.
ALTER TABLE appointments
  ADD COLUMN client_name  text,
  ADD COLUMN client_phone text;
