-- Schema for the parser corpus (corpus.sql): every corpus statement is valid against it on
-- PostgreSQL 15. Run it in an empty database; it creates everything in schema public.

CREATE TABLE orgs (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id bigserial PRIMARY KEY,
  org_id bigint REFERENCES orgs (id),
  email text NOT NULL UNIQUE,
  email_lower text,
  name text,
  status text NOT NULL DEFAULT 'active',
  age int,
  active boolean NOT NULL DEFAULT true,
  data jsonb NOT NULL DEFAULT '{}',
  tags text[] NOT NULL DEFAULT '{}',
  version int NOT NULL DEFAULT 0,
  login_count int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz,
  deleted_at timestamptz
);
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email)) WHERE deleted_at IS NULL;

CREATE TABLE products (
  id bigserial PRIMARY KEY,
  sku text NOT NULL UNIQUE,
  name text NOT NULL,
  price numeric(12,2) NOT NULL DEFAULT 0,
  stock int NOT NULL DEFAULT 0,
  tags text[] NOT NULL DEFAULT '{}',
  attrs jsonb NOT NULL DEFAULT '{}',
  search tsvector
);

CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  status text NOT NULL DEFAULT 'new',
  total numeric(12,2) NOT NULL DEFAULT 0,
  note text,
  items jsonb NOT NULL DEFAULT '[]',
  processed boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  shipped_at timestamptz
);

CREATE TABLE order_items (
  id bigserial PRIMARY KEY,
  order_id bigint NOT NULL REFERENCES orders (id),
  product_id bigint NOT NULL REFERENCES products (id),
  quantity int NOT NULL DEFAULT 1,
  price numeric(12,2) NOT NULL DEFAULT 0,
  UNIQUE (order_id, product_id)
);

CREATE TABLE archived_orders (LIKE orders INCLUDING DEFAULTS);

CREATE TABLE accounts (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  balance numeric(14,2) NOT NULL DEFAULT 0,
  currency char(3) NOT NULL DEFAULT 'EUR',
  CONSTRAINT accounts_user_currency_key UNIQUE (user_id, currency)
);

CREATE TABLE jobs (
  id bigserial PRIMARY KEY,
  queue text NOT NULL DEFAULT 'default',
  payload jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'ready',
  attempts int NOT NULL DEFAULT 0,
  run_at timestamptz NOT NULL DEFAULT now(),
  locked_by text,
  locked_at timestamptz,
  last_error text
);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  table_name text NOT NULL,
  op text NOT NULL,
  row_id bigint,
  at timestamptz NOT NULL DEFAULT now(),
  payload jsonb
);

CREATE TABLE categories (
  id bigserial PRIMARY KEY,
  parent_id bigint REFERENCES categories (id),
  name text NOT NULL
);

CREATE TABLE events (
  id bigserial PRIMARY KEY,
  user_id bigint REFERENCES users (id),
  kind text NOT NULL,
  "date" date NOT NULL DEFAULT current_date,
  "time" time,
  "timestamp" timestamp,
  "value" numeric,
  "key" text,
  "name" text,
  "type" text,
  "position" int,
  "level" int,
  "data" jsonb
);

CREATE TABLE counters (
  name text PRIMARY KEY,
  value bigint NOT NULL DEFAULT 0
);

-- Hibernate 6 style (generated aliases u1_0, o1_0, ...): uses users / orders above.

-- Spring Data JDBC style: quoted upper-case identifiers.
CREATE TABLE "CUSTOMER" (
  "ID" bigserial PRIMARY KEY,
  "FIRST_NAME" varchar(100),
  "LAST_NAME" varchar(100),
  "EMAIL" varchar(200),
  "VERSION" int NOT NULL DEFAULT 0
);
CREATE TABLE "PURCHASE_ORDER" (
  "ID" bigserial PRIMARY KEY,
  "CUSTOMER" bigint REFERENCES "CUSTOMER" ("ID"),
  "CUSTOMER_KEY" int,
  "AMOUNT" numeric(12,2)
);

-- Prisma style: "public"."User" with camelCase columns.
CREATE TABLE "User" (
  "id" serial PRIMARY KEY,
  "email" text NOT NULL UNIQUE,
  "name" text,
  "createdAt" timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE "Post" (
  "id" serial PRIMARY KEY,
  "title" text NOT NULL,
  "content" text,
  "published" boolean NOT NULL DEFAULT false,
  "authorId" int REFERENCES "User" ("id"),
  "createdAt" timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- jOOQ style: fully quoted and qualified.
CREATE TABLE author (
  id serial PRIMARY KEY,
  first_name text,
  last_name text NOT NULL,
  date_of_birth date
);
CREATE TABLE book (
  id serial PRIMARY KEY,
  author_id int NOT NULL REFERENCES author (id),
  title text NOT NULL,
  published_in int,
  language_id int
);

-- Django style.
CREATE TABLE auth_user (
  id serial PRIMARY KEY,
  password varchar(128) NOT NULL,
  last_login timestamptz,
  is_superuser boolean NOT NULL DEFAULT false,
  username varchar(150) NOT NULL UNIQUE,
  first_name varchar(150) NOT NULL DEFAULT '',
  last_name varchar(150) NOT NULL DEFAULT '',
  email varchar(254) NOT NULL DEFAULT '',
  is_staff boolean NOT NULL DEFAULT false,
  is_active boolean NOT NULL DEFAULT true,
  date_joined timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE django_session (
  session_key varchar(40) PRIMARY KEY,
  session_data text NOT NULL,
  expire_date timestamptz NOT NULL
);
CREATE TABLE django_migrations (
  id bigserial PRIMARY KEY,
  app varchar(255) NOT NULL,
  name varchar(255) NOT NULL,
  applied timestamptz NOT NULL
);
CREATE TABLE polls_question (
  id bigserial PRIMARY KEY,
  question_text varchar(200) NOT NULL,
  pub_date timestamptz NOT NULL
);
CREATE TABLE polls_choice (
  id bigserial PRIMARY KEY,
  question_id bigint NOT NULL REFERENCES polls_question (id),
  choice_text varchar(200) NOT NULL,
  votes int NOT NULL DEFAULT 0
);

-- ActiveRecord style.
CREATE TABLE articles (
  id bigserial PRIMARY KEY,
  title varchar,
  body text,
  published boolean DEFAULT false,
  author_id bigint,
  comments_count int NOT NULL DEFAULT 0,
  lock_version int NOT NULL DEFAULT 0,
  created_at timestamp(6) NOT NULL,
  updated_at timestamp(6) NOT NULL
);
CREATE TABLE comments (
  id bigserial PRIMARY KEY,
  article_id bigint NOT NULL REFERENCES articles (id),
  body text,
  created_at timestamp(6) NOT NULL,
  updated_at timestamp(6) NOT NULL
);
CREATE TABLE schema_migrations (version varchar PRIMARY KEY);
CREATE TABLE ar_internal_metadata (
  key varchar PRIMARY KEY,
  value varchar,
  created_at timestamp(6) NOT NULL,
  updated_at timestamp(6) NOT NULL
);

-- SQLAlchemy tutorial style.
CREATE TABLE user_account (
  id serial PRIMARY KEY,
  name varchar(30) NOT NULL,
  fullname varchar
);
CREATE TABLE address (
  id serial PRIMARY KEY,
  email_address varchar NOT NULL,
  user_id int NOT NULL REFERENCES user_account (id)
);
