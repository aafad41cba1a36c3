-- Sessions checked without a query per request (issue 15): each app server keeps the sessions it has
-- resolved in memory and forgets them all when told that a session, a user or an agency changed in a way
-- that could end or narrow a session. The telling is structural: these triggers fire on every such change,
-- whoever makes it (the API, the CLI, another app server, an administrator in psql), and PostgreSQL delivers
-- the notification to every listening server when the change commits.
CREATE FUNCTION lantern_notify_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('lantern_sessions', TG_TABLE_NAME);
  RETURN NULL;
END $$;

CREATE TRIGGER user_session_changed AFTER UPDATE OR DELETE ON user_session
  FOR EACH STATEMENT EXECUTE FUNCTION lantern_notify_sessions();
CREATE TRIGGER app_user_session_fields_changed AFTER UPDATE OF disabled, roles, language, agency_id, email
  ON app_user FOR EACH STATEMENT EXECUTE FUNCTION lantern_notify_sessions();
CREATE TRIGGER app_user_deleted AFTER DELETE ON app_user
  FOR EACH STATEMENT EXECUTE FUNCTION lantern_notify_sessions();
CREATE TRIGGER agency_session_fields_changed AFTER UPDATE OF disabled, kind ON agency
  FOR EACH STATEMENT EXECUTE FUNCTION lantern_notify_sessions();
CREATE TRIGGER agency_deleted AFTER DELETE ON agency
  FOR EACH STATEMENT EXECUTE FUNCTION lantern_notify_sessions();
