-- Actors known only from articles (origin 'text') are written again by every article that
-- names them, each knowing part of the story: one gives the title and country ("Iraqi
-- Interior Minister X"), a later one only the name. Keep what earlier articles established:
-- the first name and any country or sector stay unless a new one is given, and aliases and
-- roles accumulate. Knowledge-base actors are untouched (they are written once).
-- SQLite does not re-fire a trigger from its own UPDATE (recursive_triggers is off).
CREATE TRIGGER actors_text_accumulate AFTER UPDATE ON actors
WHEN NEW.origin = 'text' AND OLD.origin = 'text'
BEGIN
    UPDATE actors SET
        name = OLD.name,
        country = COALESCE(NEW.country, OLD.country),
        sector = COALESCE(NEW.sector, OLD.sector),
        aliases = (SELECT json_group_array(value) FROM (
            SELECT value FROM json_each(OLD.aliases)
            UNION SELECT value FROM json_each(NEW.aliases)
            UNION SELECT NEW.name WHERE NEW.name <> OLD.name)),
        roles = (SELECT json_group_array(json(value)) FROM (
            SELECT value FROM json_each(OLD.roles) UNION SELECT value FROM json_each(NEW.roles)))
    WHERE id = NEW.id;
END;
