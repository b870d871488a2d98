-- Actors known only from articles (origin 'text') keep what earlier articles established:
-- the first name, any country or sector unless a new one is given, and aliases and roles
-- accumulate. As migrations/002_text_actors.sql does in SQLite, with one difference of form:
-- a BEFORE trigger edits the row being written (a PostgreSQL trigger would re-fire on its own
-- UPDATE). Lists come out sorted by their JSON text, as SQLite's UNION leaves them.
CREATE FUNCTION actors_text_accumulate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.aliases := (SELECT coalesce(json_agg(v ORDER BY v COLLATE "C"), '[]')::text FROM (
        SELECT json_array_elements_text(OLD.aliases::json) AS v
        UNION SELECT json_array_elements_text(NEW.aliases::json)
        UNION SELECT NEW.name WHERE NEW.name <> OLD.name) s);
    -- Elements stay as the JSON text they were written in, so equal roles compare equal.
    NEW.roles := (SELECT coalesce('[' || string_agg(v, ', ' ORDER BY v COLLATE "C") || ']', '[]') FROM (
        SELECT json_array_elements(OLD.roles::json)::text AS v
        UNION SELECT json_array_elements(NEW.roles::json)::text) s);
    NEW.name := OLD.name;
    NEW.country := coalesce(NEW.country, OLD.country);
    NEW.sector := coalesce(NEW.sector, OLD.sector);
    RETURN NEW;
END $$;

CREATE TRIGGER actors_text_accumulate BEFORE UPDATE ON actors
FOR EACH ROW WHEN (NEW.origin = 'text' AND OLD.origin = 'text')
EXECUTE FUNCTION actors_text_accumulate();
