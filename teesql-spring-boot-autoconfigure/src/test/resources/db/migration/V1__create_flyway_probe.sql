-- A real migration run by the Flyway tests through the attested DataSource.
CREATE TABLE flyway_probe (id integer PRIMARY KEY, note text NOT NULL);
INSERT INTO flyway_probe (id, note) VALUES (1, 'migrated through RA-TLS');
