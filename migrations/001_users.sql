--liquibase formatted sql

--changeset cruddur:001-users
--comment: Cruddur users; cognito_user_id is the Cognito sub, copied by the cognito-sync step
CREATE TABLE public.users (
  uuid            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  display_name    text,
  handle          text        NOT NULL,
  email           text,
  cognito_user_id text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_handle_key UNIQUE (handle),
  CONSTRAINT users_cognito_user_id_key UNIQUE (cognito_user_id)
);
--rollback DROP TABLE public.users;
