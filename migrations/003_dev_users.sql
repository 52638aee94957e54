--liquibase formatted sql

--changeset cruddur:003-dev-users context:dev
--comment: The development users of the course seed, with fixed ids so every dev database agrees
INSERT INTO public.users (uuid, display_name, handle, email) VALUES
  ('8f3c8e30-6b0e-4b7a-9c52-1d1a5c2e0001', 'Yahya Abulhaj', 'yaya2devops', 'yaya2devops@example.com'),
  ('8f3c8e30-6b0e-4b7a-9c52-1d1a5c2e0002', 'Andrew Bayko', 'bayko', 'bayko@example.com')
ON CONFLICT (handle) DO NOTHING;
--rollback DELETE FROM public.users WHERE handle IN ('yaya2devops', 'bayko');
