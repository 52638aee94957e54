--liquibase formatted sql

--changeset cruddur:002-activities
--comment: Cruds (posts) of users
CREATE TABLE public.activities (
  uuid                   uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  user_uuid              uuid        NOT NULL REFERENCES public.users (uuid),
  message                text        NOT NULL,
  replies_count          integer     NOT NULL DEFAULT 0,
  reposts_count          integer     NOT NULL DEFAULT 0,
  likes_count            integer     NOT NULL DEFAULT 0,
  reply_to_activity_uuid uuid        NULL,
  expires_at             timestamptz,
  created_at             timestamptz NOT NULL DEFAULT now()
);
--rollback DROP TABLE public.activities;

--changeset cruddur:002-activities-by-user runInTransaction:false
--comment: Home feed by user; built without locking writes, so it cannot run in a transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS activities_user_created_idx ON public.activities (user_uuid, created_at DESC);
--rollback DROP INDEX CONCURRENTLY IF EXISTS public.activities_user_created_idx;
