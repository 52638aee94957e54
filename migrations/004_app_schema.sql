--liquibase formatted sql

--changeset cruddur:004-users-bio
--comment: The profile text the Cruddur app reads and writes (backend-flask db/sql/users/show.sql and update.sql; its add_bio_column migration)
ALTER TABLE public.users ADD COLUMN bio text;
--rollback ALTER TABLE public.users DROP COLUMN bio;

--changeset cruddur:004-cognito-user-id-placeholder
--comment: 'MOCK' is a user without a Cognito user yet (the app's own seed placeholder), never NULL: the app's users/create_message_users.sql classifies a user by cognito_user_id = sub, which is NULL, not false, for a NULL. Unique among real subs only.
ALTER TABLE public.users DROP CONSTRAINT users_cognito_user_id_key;
UPDATE public.users SET cognito_user_id = 'MOCK' WHERE cognito_user_id IS NULL;
ALTER TABLE public.users ALTER COLUMN cognito_user_id SET DEFAULT 'MOCK', ALTER COLUMN cognito_user_id SET NOT NULL;
CREATE UNIQUE INDEX users_cognito_user_id_key ON public.users (cognito_user_id) WHERE cognito_user_id <> 'MOCK';
--rollback DROP INDEX public.users_cognito_user_id_key;
--rollback ALTER TABLE public.users ALTER COLUMN cognito_user_id DROP NOT NULL, ALTER COLUMN cognito_user_id DROP DEFAULT;
--rollback UPDATE public.users SET cognito_user_id = NULL WHERE cognito_user_id = 'MOCK';
--rollback ALTER TABLE public.users ADD CONSTRAINT users_cognito_user_id_key UNIQUE (cognito_user_id);

--changeset cruddur:004-dev-known-placeholder-users-function context:dev splitStatements:false
--comment: Dev databases: a placeholder user ('MOCK') whose handle exists already is that user, so the app's db/seed.sql (andrewbrown, bayko, londo ...) loads next to the dev users
CREATE FUNCTION public.cruddur_skip_known_placeholder_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.cognito_user_id = 'MOCK' AND EXISTS (SELECT 1 FROM public.users WHERE users.handle = NEW.handle) THEN
    RETURN NULL;
  END IF;
  RETURN NEW;
END
$$;
--rollback DROP FUNCTION public.cruddur_skip_known_placeholder_user();

--changeset cruddur:004-dev-known-placeholder-users-trigger context:dev
--comment: Dev databases: the rule above, before every insert into users
CREATE TRIGGER users_skip_known_placeholder BEFORE INSERT ON public.users
  FOR EACH ROW EXECUTE FUNCTION public.cruddur_skip_known_placeholder_user();
--rollback DROP TRIGGER users_skip_known_placeholder ON public.users;
