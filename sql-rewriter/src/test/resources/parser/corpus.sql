-- Phasegate parser corpus. Entries are separated by a line holding only ";;".
-- Each entry is one statement as a client sends it (comments allowed; an entry holding
-- only comments, like this header, is skipped). $n parameters are as on the wire.
-- The schema is corpus-schema.sql; every statement is valid on PostgreSQL 15.
;;
-- source: pgjdbc PgDatabaseMetaData.getTables
SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM, c.relname AS TABLE_NAME,  CASE n.nspname ~ '^pg_' OR n.nspname = 'information_schema'  WHEN true THEN CASE  WHEN n.nspname = 'pg_catalog' OR n.nspname = 'information_schema' THEN CASE c.relkind   WHEN 'r' THEN 'SYSTEM TABLE'   WHEN 'v' THEN 'SYSTEM VIEW'   WHEN 'i' THEN 'SYSTEM INDEX'   ELSE NULL   END  WHEN n.nspname = 'pg_toast' THEN CASE c.relkind   WHEN 'r' THEN 'SYSTEM TOAST TABLE'   WHEN 'i' THEN 'SYSTEM TOAST INDEX'   ELSE NULL   END  ELSE CASE c.relkind   WHEN 'r' THEN 'TEMPORARY TABLE'   WHEN 'p' THEN 'TEMPORARY TABLE'   WHEN 'i' THEN 'TEMPORARY INDEX'   WHEN 'S' THEN 'TEMPORARY SEQUENCE'   WHEN 'v' THEN 'TEMPORARY VIEW'   ELSE NULL   END  END  WHEN false THEN CASE c.relkind  WHEN 'r' THEN 'TABLE'  WHEN 'p' THEN 'PARTITIONED TABLE'  WHEN 'i' THEN 'INDEX'  WHEN 'P' then 'PARTITIONED INDEX'  WHEN 'S' THEN 'SEQUENCE'  WHEN 'v' THEN 'VIEW'  WHEN 'c' THEN 'TYPE'  WHEN 'f' THEN 'FOREIGN TABLE'  WHEN 'm' THEN 'MATERIALIZED VIEW'  ELSE NULL  END  ELSE NULL  END  AS TABLE_TYPE, d.description AS REMARKS,  '' as TYPE_CAT, '' as TYPE_SCHEM, '' as TYPE_NAME, '' AS SELF_REFERENCING_COL_NAME, '' AS REF_GENERATION  FROM pg_catalog.pg_namespace n, pg_catalog.pg_class c  LEFT JOIN pg_catalog.pg_description d ON (c.oid = d.objoid AND d.objsubid = 0  and d.classoid = 'pg_class'::regclass)  WHERE c.relnamespace = n.oid  AND n.nspname LIKE 'public' AND c.relname LIKE '%' AND (false  OR ( c.relkind IN ('r','p') AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' ) )  ORDER BY TABLE_TYPE,TABLE_SCHEM,TABLE_NAME
;;
-- source: pgjdbc PgDatabaseMetaData.getColumns
SELECT * FROM (SELECT n.nspname,c.relname,a.attname,a.atttypid,a.attnotnull OR (t.typtype = 'd' AND t.typnotnull) AS attnotnull,a.atttypmod,a.attlen,t.typtypmod,row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum) AS attnum, nullif(a.attidentity, '') as attidentity,nullif(a.attgenerated, '') as attgenerated,pg_catalog.pg_get_expr(def.adbin, def.adrelid) AS adsrc,dsc.description,t.typbasetype,t.typtype  FROM pg_catalog.pg_namespace n  JOIN pg_catalog.pg_class c ON (c.relnamespace = n.oid)  JOIN pg_catalog.pg_attribute a ON (a.attrelid=c.oid)  JOIN pg_catalog.pg_type t ON (a.atttypid = t.oid)  LEFT JOIN pg_catalog.pg_attrdef def ON (a.attrelid=def.adrelid AND a.attnum = def.adnum)  LEFT JOIN pg_catalog.pg_description dsc ON (c.oid=dsc.objoid AND a.attnum = dsc.objsubid)  LEFT JOIN pg_catalog.pg_class dc ON (dc.oid=dsc.classoid AND dc.relname='pg_class')  LEFT JOIN pg_catalog.pg_namespace dn ON (dc.relnamespace=dn.oid AND dn.nspname='pg_catalog')  WHERE c.relkind in ('r','p','v','f','m') and a.attnum > 0 AND NOT a.attisdropped  AND n.nspname LIKE 'public' AND c.relname LIKE 'users') c WHERE true  ORDER BY nspname,c.relname,attnum
;;
-- source: pgjdbc PgDatabaseMetaData.getPrimaryKeys
SELECT        result.TABLE_CAT,        result.TABLE_SCHEM,        result.TABLE_NAME,        result.COLUMN_NAME,        result.KEY_SEQ,        result.PK_NAME FROM      (SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM,   ct.relname AS TABLE_NAME, a.attname AS COLUMN_NAME,   (information_schema._pg_expandarray(i.indkey)).n AS KEY_SEQ, ci.relname AS PK_NAME,   information_schema._pg_expandarray(i.indkey) AS KEYS, a.attnum AS A_ATTNUM FROM pg_catalog.pg_class ct   JOIN pg_catalog.pg_attribute a ON (ct.oid = a.attrelid)   JOIN pg_catalog.pg_namespace n ON (ct.relnamespace = n.oid)   JOIN pg_catalog.pg_index i ON ( a.attrelid = i.indrelid)   JOIN pg_catalog.pg_class ci ON (ci.oid = i.indexrelid) WHERE true  AND n.nspname = E'public' AND ct.relname = E'users' AND i.indisprimary  ) result where  result.A_ATTNUM = (result.KEYS).x  ORDER BY result.table_name, result.pk_name, result.key_seq
;;
-- source: pgjdbc PgDatabaseMetaData.getImportedKeys
SELECT NULL::text AS PKTABLE_CAT, pkn.nspname AS PKTABLE_SCHEM, pkc.relname AS PKTABLE_NAME, pka.attname AS PKCOLUMN_NAME, NULL::text AS FKTABLE_CAT, fkn.nspname AS FKTABLE_SCHEM, fkc.relname AS FKTABLE_NAME, fka.attname AS FKCOLUMN_NAME, pos.n AS KEY_SEQ, CASE con.confupdtype  WHEN 'c' THEN 0 WHEN 'n' THEN 2 WHEN 'd' THEN 4 WHEN 'r' THEN 1 WHEN 'p' THEN 1 WHEN 'a' THEN 3 ELSE NULL END AS UPDATE_RULE, CASE con.confdeltype  WHEN 'c' THEN 0 WHEN 'n' THEN 2 WHEN 'd' THEN 4 WHEN 'r' THEN 1 WHEN 'p' THEN 1 WHEN 'a' THEN 3 ELSE NULL END AS DELETE_RULE, con.conname AS FK_NAME, pkic.relname AS PK_NAME, CASE  WHEN con.condeferrable AND con.condeferred THEN 5 WHEN con.condeferrable THEN 6 ELSE 7 END AS DEFERRABILITY  FROM  pg_catalog.pg_namespace pkn, pg_catalog.pg_class pkc, pg_catalog.pg_attribute pka,  pg_catalog.pg_namespace fkn, pg_catalog.pg_class fkc, pg_catalog.pg_attribute fka,  pg_catalog.pg_constraint con,  pg_catalog.generate_series(1, 32) pos(n),  pg_catalog.pg_class pkic WHERE pkn.oid = pkc.relnamespace AND pkc.oid = pka.attrelid AND pka.attnum = con.confkey[pos.n] AND con.confrelid = pkc.oid  AND fkn.oid = fkc.relnamespace AND fkc.oid = fka.attrelid AND fka.attnum = con.conkey[pos.n] AND con.conrelid = fkc.oid  AND con.contype = 'f' AND (pkic.relkind = 'i' OR pkic.relkind = 'I') AND pkic.oid = con.conindid  AND fkn.nspname = E'public' AND fkc.relname = E'orders' ORDER BY pkn.nspname,pkc.relname, con.conname,pos.n
;;
-- source: pgjdbc PgDatabaseMetaData.getIndexInfo
SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM,   ct.relname AS TABLE_NAME, NOT i.indisunique AS NON_UNIQUE,   NULL AS INDEX_QUALIFIER, ci.relname AS INDEX_NAME,   CASE i.indisclustered     WHEN true THEN 1    ELSE CASE am.amname       WHEN 'hash' THEN 2      ELSE 3    END   END AS TYPE,   (information_schema._pg_expandarray(i.indkey)).n AS ORDINAL_POSITION,   ci.reltuples AS CARDINALITY,   ci.relpages AS PAGES,   pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS FILTER_CONDITION,   ci.oid AS CI_OID,   i.indoption AS I_INDOPTION,   am.amname AS AM_NAME  FROM pg_catalog.pg_class ct   JOIN pg_catalog.pg_namespace n ON (ct.relnamespace = n.oid)   JOIN pg_catalog.pg_index i ON (ct.oid = i.indrelid)   JOIN pg_catalog.pg_class ci ON (ci.oid = i.indexrelid)   JOIN pg_catalog.pg_am am ON (ci.relam = am.oid) WHERE true  AND n.nspname = E'public' AND ct.relname = E'users'
;;
-- source: pgjdbc PgDatabaseMetaData.getIndexInfo (outer query)
SELECT     tmp.TABLE_CAT,     tmp.TABLE_SCHEM,     tmp.TABLE_NAME,     tmp.NON_UNIQUE,     tmp.INDEX_QUALIFIER,     tmp.INDEX_NAME,     tmp.TYPE,     tmp.ORDINAL_POSITION,     trim(both '"' from pg_catalog.pg_get_indexdef(tmp.CI_OID, tmp.ORDINAL_POSITION, false)) AS COLUMN_NAME,   CASE tmp.AM_NAME     WHEN 'btree' THEN CASE tmp.I_INDOPTION[tmp.ORDINAL_POSITION - 1] & 1::smallint       WHEN 1 THEN 'D'       ELSE 'A'     END     ELSE NULL   END AS ASC_OR_DESC,     tmp.CARDINALITY,     tmp.PAGES,     tmp.FILTER_CONDITION FROM (SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM, ct.relname AS TABLE_NAME, NOT i.indisunique AS NON_UNIQUE, NULL AS INDEX_QUALIFIER, ci.relname AS INDEX_NAME, 3 AS TYPE, (information_schema._pg_expandarray(i.indkey)).n AS ORDINAL_POSITION, ci.reltuples AS CARDINALITY, ci.relpages AS PAGES, pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS FILTER_CONDITION, ci.oid AS CI_OID, i.indoption AS I_INDOPTION, am.amname AS AM_NAME FROM pg_catalog.pg_class ct JOIN pg_catalog.pg_namespace n ON (ct.relnamespace = n.oid) JOIN pg_catalog.pg_index i ON (ct.oid = i.indrelid) JOIN pg_catalog.pg_class ci ON (ci.oid = i.indexrelid) JOIN pg_catalog.pg_am am ON (ci.relam = am.oid) WHERE true AND ct.relname = E'users') AS tmp ORDER BY NON_UNIQUE, TYPE, INDEX_NAME, ORDINAL_POSITION
;;
-- source: pgjdbc PgDatabaseMetaData.getSchemas
SELECT nspname AS TABLE_SCHEM, NULL AS TABLE_CATALOG FROM pg_catalog.pg_namespace  WHERE nspname <> 'pg_toast' AND (nspname !~ '^pg_temp_'  OR nspname = (pg_catalog.current_schemas(true))[1]) AND (nspname !~ '^pg_toast_temp_'  OR nspname = replace((pg_catalog.current_schemas(true))[1], 'pg_temp_', 'pg_toast_temp_'))  ORDER BY TABLE_SCHEM
;;
-- source: pgjdbc PgDatabaseMetaData.getTypeInfo
SELECT t.typname,t.oid FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON (t.typnamespace = n.oid)  WHERE n.nspname  != 'pg_toast' AND  (t.typrelid = 0 OR (SELECT c.relkind = 'c' FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid))
;;
-- source: pgjdbc PgDatabaseMetaData.getTablePrivileges
SELECT n.nspname,c.relname,r.rolname,c.relacl  FROM pg_catalog.pg_namespace n, pg_catalog.pg_class c, pg_catalog.pg_roles r  WHERE c.relnamespace = n.oid  AND c.relowner = r.oid  AND c.relkind IN ('r','p','v','m','f')  AND n.nspname LIKE 'public' AND c.relname LIKE 'users' ORDER BY nspname, relname
;;
-- source: pgjdbc PgDatabaseMetaData.getColumnPrivileges
SELECT n.nspname,c.relname,r.rolname,c.relacl, a.attacl,  a.attname  FROM pg_catalog.pg_namespace n, pg_catalog.pg_class c,  pg_catalog.pg_roles r, pg_catalog.pg_attribute a  WHERE c.relnamespace = n.oid  AND c.relowner = r.oid  AND c.oid = a.attrelid  AND c.relkind = 'r'  AND a.attnum > 0 AND NOT a.attisdropped  AND n.nspname = 'public' AND c.relname = 'users' ORDER BY attname
;;
-- source: pgjdbc PgDatabaseMetaData.getProcedures
SELECT NULL AS PROCEDURE_CAT, n.nspname AS PROCEDURE_SCHEM, p.proname AS PROCEDURE_NAME, NULL, NULL, NULL, d.description AS REMARKS, 2 AS PROCEDURE_TYPE,  p.proname || '_' || p.oid AS SPECIFIC_NAME  FROM pg_catalog.pg_namespace n, pg_catalog.pg_proc p   LEFT JOIN pg_catalog.pg_description d ON (p.oid=d.objoid)   LEFT JOIN pg_catalog.pg_class c ON (d.classoid=c.oid AND c.relname='pg_proc')   LEFT JOIN pg_catalog.pg_namespace pn ON (c.relnamespace=pn.oid AND pn.nspname='pg_catalog')  WHERE p.pronamespace=n.oid  AND p.prokind='p' AND n.nspname LIKE 'public' ORDER BY PROCEDURE_SCHEM, PROCEDURE_NAME, p.oid::text
;;
-- source: pgjdbc PgDatabaseMetaData.getFunctions
SELECT current_database() AS FUNCTION_CAT, n.nspname AS FUNCTION_SCHEM, p.proname AS FUNCTION_NAME,  d.description AS REMARKS,  CASE  WHEN (format_type(p.prorettype, null) = 'unknown') THEN 0 WHEN  (substring(pg_get_function_result(p.oid) from 0 for 6) = 'TABLE') OR  (substring(pg_get_function_result(p.oid) from 0 for 6) = 'SETOF') THEN 2 ELSE 1 END AS FUNCTION_TYPE,  p.proname || '_' || p.oid AS SPECIFIC_NAME  FROM pg_catalog.pg_proc p INNER JOIN pg_catalog.pg_namespace n ON p.pronamespace=n.oid LEFT JOIN pg_catalog.pg_description d ON p.oid=d.objoid  WHERE true  AND p.prokind='f' AND n.nspname LIKE 'public' ORDER BY FUNCTION_SCHEM, FUNCTION_NAME, p.oid::text
;;
-- source: pgjdbc TypeInfoCache
SELECT typinput='pg_catalog.array_in'::regproc as is_array, typtype, typname, pg_type.oid   FROM pg_catalog.pg_type   LEFT JOIN (select ns.oid as nspoid, ns.nspname, r.r           from pg_namespace as ns           join ( select s.r, (current_schemas(false))[s.r] as nspname                    from generate_series(1, array_upper(current_schemas(false), 1)) as s(r) ) as r          using ( nspname )        ) as sp     ON sp.nspoid = typnamespace  WHERE pg_type.oid = $1  ORDER BY sp.r, pg_type.oid DESC
;;
-- source: pgjdbc TypeInfoCache.getPGArrayType
SELECT t.typarray, t.typname   FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON t.typnamespace = n.oid   JOIN (SELECT ns.oid AS nspoid, ns.nspname, r.r FROM pg_namespace AS ns JOIN (SELECT s.r, (current_schemas(false))[s.r] AS nspname FROM generate_series(1, array_upper(current_schemas(false), 1)) AS s(r)) AS r USING (nspname)) AS sp ON sp.nspoid = t.typnamespace  WHERE t.typname = $1 ORDER BY sp.r, t.oid DESC LIMIT 1
;;
-- source: pgjdbc TypeInfoCache (element type)
SELECT e.oid, n.nspname = ANY(current_schemas(true)), n.nspname, e.typname FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON t.typnamespace = n.oid JOIN pg_catalog.pg_type e ON t.typelem = e.oid WHERE t.oid = $1
;;
-- source: pgjdbc connection setup
SET extra_float_digits = 3
;;
-- source: pgjdbc connection setup
SET application_name = 'PostgreSQL JDBC Driver'
;;
-- source: pgjdbc isValid
SELECT 1
;;
-- source: pgjdbc getTransactionIsolation
SHOW TRANSACTION ISOLATION LEVEL
;;
-- source: pgjdbc setTransactionIsolation
SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED
;;
-- source: pgjdbc
BEGIN
;;
-- source: pgjdbc
BEGIN READ ONLY
;;
-- source: pgjdbc setSavepoint
SAVEPOINT PGJDBC_AUTOSAVE
;;
-- source: pgjdbc autosave
RELEASE SAVEPOINT PGJDBC_AUTOSAVE
;;
-- source: pgjdbc autosave rollback
ROLLBACK TO SAVEPOINT PGJDBC_AUTOSAVE
;;
-- source: pgjdbc
COMMIT
;;
-- source: pgjdbc
ROLLBACK
;;
-- source: pgjdbc getServerVersion
SELECT version()
;;
-- source: pgjdbc getUDTs
select null as type_cat, n.nspname as type_schem, t.typname as type_name,  null as class_name, CASE WHEN t.typtype='c' then 2002 else 2001 end as data_type, pg_catalog.obj_description(t.oid, 'pg_type')  as remarks, CASE WHEN t.typtype = 'd' then  (select CASE WHEN typname = 'int4' THEN 4 WHEN typname = 'text' THEN 12 ELSE 1111 END from pg_type where oid=t.typbasetype) else null end as base_type from pg_catalog.pg_type t, pg_catalog.pg_namespace n where t.typnamespace = n.oid and n.nspname != 'pg_catalog' and n.nspname != 'pg_toast' and t.typtype IN ('c','d')  order by data_type, type_schem, type_name
;;
-- source: pgjdbc getCatalogs-like
SELECT datname AS TABLE_CAT FROM pg_catalog.pg_database WHERE datallowconn = true ORDER BY datname
;;
-- source: pgjdbc getVersionColumns / getBestRowIdentifier
SELECT a.attname, a.atttypid, atttypmod FROM pg_catalog.pg_class ct   JOIN pg_catalog.pg_attribute a ON (ct.oid = a.attrelid)   JOIN pg_catalog.pg_namespace n ON (ct.relnamespace = n.oid)   JOIN (SELECT i.indexrelid, i.indrelid, i.indisprimary,              information_schema._pg_expandarray(i.indkey) AS keys         FROM pg_catalog.pg_index i) i     ON (a.attnum = (i.keys).x AND a.attrelid = i.indrelid) WHERE true  AND n.nspname = 'public' AND ct.relname = 'users' AND i.indisprimary  ORDER BY a.attnum
;;
-- source: pgjdbc getSuperTables-like / getTableTypes check
SELECT c.relname FROM pg_catalog.pg_class c WHERE c.relkind = 'r' AND c.relnamespace = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = 'public') LIMIT 10
;;
-- source: pgjdbc PgDatabaseMetaData.getColumns (serial detection)
SELECT pg_catalog.pg_get_serial_sequence('public.users', 'id')
;;
-- source: psql \d users (find table)
SELECT c.oid,
  n.nspname,
  c.relname
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relname OPERATOR(pg_catalog.~) '^(users)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 2, 3
;;
-- source: psql \d users (table properties)
SELECT c.relchecks, c.relkind, c.relhasindex, c.relhasrules, c.relhastriggers, c.relrowsecurity, c.relforcerowsecurity, false AS relhasoids, c.relispartition, pg_catalog.array_to_string(c.reloptions || array(select 'toast.' || x from pg_catalog.unnest(tc.reloptions) x), ', ')
, c.reltablespace, CASE WHEN c.reloftype = 0 THEN '' ELSE c.reloftype::pg_catalog.regtype::pg_catalog.text END, c.relpersistence, c.relreplident, am.amname
FROM pg_catalog.pg_class c
 LEFT JOIN pg_catalog.pg_class tc ON (c.reltoastrelid = tc.oid)
LEFT JOIN pg_catalog.pg_am am ON (c.relam = am.oid)
WHERE c.oid = 'users'::regclass
;;
-- source: psql \d users (columns)
SELECT a.attname,
  pg_catalog.format_type(a.atttypid, a.atttypmod),
  (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true)
   FROM pg_catalog.pg_attrdef d
   WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef),
  a.attnotnull,
  (SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t
   WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation <> t.typcollation) AS attcollation,
  a.attidentity,
  a.attgenerated
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = 'users'::regclass AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum
;;
-- source: psql \d users (indexes)
SELECT c2.relname, i.indisprimary, i.indisunique, i.indisclustered, i.indisvalid, pg_catalog.pg_get_indexdef(i.indexrelid, 0, true),
  pg_catalog.pg_get_constraintdef(con.oid, true), contype, condeferrable, condeferred, i.indisreplident, c2.reltablespace
FROM pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i
  LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN ('p','u','x'))
WHERE c.oid = 'users'::regclass AND c.oid = i.indrelid AND i.indexrelid = c2.oid
ORDER BY i.indisprimary DESC, c2.relname
;;
-- source: psql \d users (foreign keys)
SELECT true as sametable, conname,
  pg_catalog.pg_get_constraintdef(r.oid, true) as condef,
  conrelid::pg_catalog.regclass AS ontable
FROM pg_catalog.pg_constraint r
WHERE r.conrelid = 'orders'::regclass AND r.contype = 'f'
     AND conparentid = 0
ORDER BY conname
;;
-- source: psql \d users (referenced by)
SELECT conname, conrelid::pg_catalog.regclass AS ontable,
       pg_catalog.pg_get_constraintdef(oid, true) AS condef
  FROM pg_catalog.pg_constraint c
 WHERE confrelid IN (SELECT pg_catalog.pg_partition_ancestors('users')
                     UNION ALL VALUES ('users'::pg_catalog.regclass))
       AND contype = 'f' AND conparentid = 0
ORDER BY conname
;;
-- source: psql \d users (policies)
SELECT pol.polname, pol.polpermissive,
  CASE WHEN pol.polroles = '{0}' THEN NULL ELSE pg_catalog.array_to_string(array(select rolname from pg_catalog.pg_roles where oid = any (pol.polroles) order by 1),',') END,
  pg_catalog.pg_get_expr(pol.polqual, pol.polrelid),
  pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid),
  CASE pol.polcmd
    WHEN 'r' THEN 'SELECT'
    WHEN 'a' THEN 'INSERT'
    WHEN 'w' THEN 'UPDATE'
    WHEN 'd' THEN 'DELETE'
    END AS cmd
FROM pg_catalog.pg_policy pol
WHERE pol.polrelid = 'users'::regclass ORDER BY 1
;;
-- source: psql \d users (triggers)
SELECT t.tgname, pg_catalog.pg_get_triggerdef(t.oid, true), t.tgenabled, t.tgisinternal,
  CASE WHEN t.tgparentid != 0 THEN
    (SELECT u.tgrelid::pg_catalog.regclass
     FROM pg_catalog.pg_trigger AS u,
          pg_catalog.pg_partition_ancestors(t.tgrelid) WITH ORDINALITY AS a(relid, depth)
     WHERE u.tgname = t.tgname AND u.tgrelid = a.relid
           AND u.tgparentid = 0
     ORDER BY a.depth LIMIT 1)
  END AS parent
FROM pg_catalog.pg_trigger t
WHERE t.tgrelid = 'users'::regclass AND (NOT t.tgisinternal OR (t.tgisinternal AND t.tgenabled = 'D')
    OR EXISTS (SELECT 1 FROM pg_catalog.pg_depend WHERE objid = t.oid
        AND refclassid = 'pg_catalog.pg_trigger'::pg_catalog.regclass))
ORDER BY 1
;;
-- source: psql \dt
SELECT n.nspname as "Schema",
  c.relname as "Name",
  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
  pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
WHERE c.relkind IN ('r','p','')
      AND n.nspname <> 'pg_catalog'
      AND n.nspname !~ '^pg_toast'
      AND n.nspname <> 'information_schema'
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 1,2
;;
-- source: psql \dn
SELECT n.nspname AS "Name",
  pg_catalog.pg_get_userbyid(n.nspowner) AS "Owner"
FROM pg_catalog.pg_namespace n
WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
ORDER BY 1
;;
-- source: psql \l
SELECT
  d.datname as "Name",
  pg_catalog.pg_get_userbyid(d.datdba) as "Owner",
  pg_catalog.pg_encoding_to_char(d.encoding) as "Encoding",
  d.datcollate as "Collate",
  d.datctype as "Ctype",
  pg_catalog.array_to_string(d.datacl, E'\n') AS "Access privileges"
FROM pg_catalog.pg_database d
ORDER BY 1
;;
-- source: psql \du
SELECT r.rolname, r.rolsuper, r.rolinherit,
  r.rolcreaterole, r.rolcreatedb, r.rolcanlogin,
  r.rolconnlimit, r.rolvaliduntil,
  ARRAY(SELECT b.rolname
        FROM pg_catalog.pg_auth_members m
        JOIN pg_catalog.pg_roles b ON (m.roleid = b.oid)
        WHERE m.member = r.oid) as memberof
, r.rolreplication
, r.rolbypassrls
FROM pg_catalog.pg_roles r
WHERE r.rolname !~ '^pg_'
ORDER BY 1
;;
-- source: psql \df
SELECT n.nspname as "Schema",
  p.proname as "Name",
  pg_catalog.pg_get_function_result(p.oid) as "Result data type",
  pg_catalog.pg_get_function_arguments(p.oid) as "Argument data types",
 CASE p.prokind
  WHEN 'a' THEN 'agg'
  WHEN 'w' THEN 'window'
  WHEN 'p' THEN 'proc'
  ELSE 'func'
 END as "Type"
FROM pg_catalog.pg_proc p
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE pg_catalog.pg_function_is_visible(p.oid)
      AND n.nspname <> 'pg_catalog'
      AND n.nspname <> 'information_schema'
ORDER BY 1, 2, 4
;;
-- source: psql tab completion / version check
SELECT pg_catalog.quote_ident(c.relname) FROM pg_catalog.pg_class c WHERE c.relkind IN ('r', 'S', 'v', 'm', 'f', 'p') AND substring(pg_catalog.quote_ident(c.relname),1,3)='use' AND pg_catalog.pg_table_is_visible(c.oid) AND c.relnamespace <> (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = 'pg_catalog') LIMIT 1000
;;
-- source: information_schema (DBeaver / IntelliJ style)
SELECT table_schema, table_name, column_name, data_type, is_nullable, column_default, ordinal_position FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'users' ORDER BY ordinal_position
;;
-- source: information_schema
SELECT tc.constraint_name, kcu.column_name, ccu.table_name AS foreign_table_name, ccu.column_name AS foreign_column_name FROM information_schema.table_constraints AS tc JOIN information_schema.key_column_usage AS kcu ON tc.constraint_name = kcu.constraint_name AND tc.table_schema = kcu.table_schema JOIN information_schema.constraint_column_usage AS ccu ON ccu.constraint_name = tc.constraint_name WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_name = 'orders'
;;
-- source: monitoring
SELECT pid, usename, application_name, state, query_start, now() - query_start AS duration, wait_event_type, left(query, 100) AS query FROM pg_stat_activity WHERE state <> 'idle' AND pid <> pg_backend_pid() ORDER BY query_start
;;
-- source: monitoring
SELECT relname, n_live_tup, n_dead_tup, last_vacuum, last_autovacuum FROM pg_stat_user_tables ORDER BY n_dead_tup DESC LIMIT 20
;;
-- source: monitoring
SELECT pg_size_pretty(pg_total_relation_size('users')), pg_size_pretty(pg_database_size(current_database()))
;;
-- source: monitoring (locks)
SELECT l.locktype, l.relation::regclass, l.mode, l.granted, a.query FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted
;;
-- source: flyway / liquibase lock check
SELECT pg_try_advisory_lock(77431)
;;
-- source: flyway
SELECT pg_advisory_unlock(77431)
;;
-- source: session setup
SET search_path TO public, "$user"
;;
-- source: session setup
SET TIME ZONE 'UTC'
;;
-- source: session setup
SET statement_timeout = 30000
;;
-- source: session setup
SET LOCAL lock_timeout = '2s'
;;
-- source: session setup
SHOW search_path
;;
-- source: session setup
SHOW server_version
;;
-- source: pooler reset
RESET ALL
;;
-- source: pooler reset
DISCARD ALL
;;
-- source: session
RESET statement_timeout
;;
-- source: session
SELECT current_setting('server_version_num')::int, current_schema(), current_user, session_user
;;
-- source: session
SELECT set_config('search_path', 'public', false)
;;
-- source: Hibernate 6 find by id
select u1_0.id,u1_0.active,u1_0.age,u1_0.created_at,u1_0.email,u1_0.name,u1_0.status,u1_0.version from users u1_0 where u1_0.id=$1
;;
-- source: Hibernate 6 query with paging
select u1_0.id,u1_0.email,u1_0.name from users u1_0 where u1_0.status=$1 order by u1_0.created_at desc offset $2 rows fetch first $3 rows only
;;
-- source: Hibernate 6 fetch first only
select u1_0.id,u1_0.email from users u1_0 where lower(u1_0.email) like $1 escape '' fetch first $2 rows only
;;
-- source: Hibernate 6 join fetch
select o1_0.id,o1_0.created_at,o1_0.status,o1_0.total,u1_0.id,u1_0.email,u1_0.name from orders o1_0 join users u1_0 on u1_0.id=o1_0.user_id where o1_0.status in ($1,$2) order by o1_0.id
;;
-- source: Hibernate 6 left join with collection
select u1_0.id,u1_0.email,o1_0.user_id,o1_0.id,o1_0.total from users u1_0 left join orders o1_0 on u1_0.id=o1_0.user_id where u1_0.id=$1
;;
-- source: Hibernate 6 insert with identity
insert into users (active,age,created_at,email,name,status,version) values ($1,$2,$3,$4,$5,$6,$7) returning id
;;
-- source: Hibernate 6 insert (sequence ids)
insert into orders (created_at,note,status,total,user_id,id) values ($1,$2,$3,$4,$5,$6)
;;
-- source: Hibernate 6 versioned update
update users set active=$1,age=$2,email=$3,name=$4,status=$5,version=$6 where id=$7 and version=$8
;;
-- source: Hibernate 6 delete
delete from orders where id=$1
;;
-- source: Hibernate 6 sequence
select nextval('orders_id_seq')
;;
-- source: Hibernate 6 count query
select count(u1_0.id) from users u1_0 where u1_0.status=$1
;;
-- source: Hibernate 6 exists
select 1 from users u1_0 where u1_0.email=$1 fetch first 1 rows only
;;
-- source: Hibernate 6 pessimistic lock
select u1_0.id,u1_0.version from users u1_0 where u1_0.id=$1 for no key update
;;
-- source: Hibernate 6 pessimistic write with timeout 0
select u1_0.id,u1_0.version from users u1_0 where u1_0.id=$1 for update nowait
;;
-- source: Hibernate 6 skip locked
select j1_0.id,j1_0.payload from jobs j1_0 where j1_0.status=$1 order by j1_0.run_at fetch first $2 rows only for update skip locked
;;
-- source: Hibernate 6 aggregate with group by
select u1_0.status,count(*),avg(u1_0.age) from users u1_0 group by u1_0.status having count(*)>$1
;;
-- source: Hibernate 6 subquery
select u1_0.id,u1_0.email from users u1_0 where exists(select 1 from orders o1_0 where o1_0.user_id=u1_0.id and o1_0.total>$1)
;;
-- source: Hibernate 6 case/coalesce
select u1_0.id,case when u1_0.age>=$1 then 'adult' else 'minor' end,coalesce(u1_0.name,u1_0.email) from users u1_0
;;
-- source: Hibernate 6 bulk update
update users set status=$1 where created_at<$2
;;
-- source: Hibernate 6 bulk delete
delete from users u1_0 where u1_0.status=$1
;;
-- source: Hibernate 6 tuple in
select o1_0.id from orders o1_0 where (o1_0.user_id,o1_0.status) in (($1,$2),($3,$4))
;;
-- source: Hibernate 6 cast and extract
select extract(year from o1_0.created_at),cast(o1_0.total as varchar) from orders o1_0
;;
-- source: Hibernate 6 quoted aliases in native query
select u1_0.email as "u1_0.email", u1_0.id as "u1_0.id" from users u1_0
;;
-- source: Spring Data JDBC findById
SELECT "CUSTOMER"."ID" AS "ID", "CUSTOMER"."EMAIL" AS "EMAIL", "CUSTOMER"."VERSION" AS "VERSION", "CUSTOMER"."LAST_NAME" AS "LAST_NAME", "CUSTOMER"."FIRST_NAME" AS "FIRST_NAME" FROM "CUSTOMER" WHERE "CUSTOMER"."ID" = $1
;;
-- source: Spring Data JDBC insert
INSERT INTO "CUSTOMER" ("EMAIL", "FIRST_NAME", "LAST_NAME", "VERSION") VALUES ($1, $2, $3, $4)
;;
-- source: Spring Data JDBC insert with generated keys
INSERT INTO "CUSTOMER" ("EMAIL", "FIRST_NAME", "LAST_NAME", "VERSION") VALUES ($1, $2, $3, $4) RETURNING *
;;
-- source: Spring Data JDBC versioned update
UPDATE "CUSTOMER" SET "EMAIL" = $1, "FIRST_NAME" = $2, "LAST_NAME" = $3, "VERSION" = $4 WHERE "CUSTOMER"."ID" = $5 AND "CUSTOMER"."VERSION" = $6
;;
-- source: Spring Data JDBC delete
DELETE FROM "CUSTOMER" WHERE "CUSTOMER"."ID" = $1
;;
-- source: Spring Data JDBC derived query with sort and page
SELECT "CUSTOMER"."ID" AS "ID", "CUSTOMER"."EMAIL" AS "EMAIL" FROM "CUSTOMER" WHERE "CUSTOMER"."LAST_NAME" = $1 ORDER BY "CUSTOMER"."FIRST_NAME" ASC LIMIT 20 OFFSET 40
;;
-- source: Spring Data JDBC count
SELECT COUNT(*) FROM "CUSTOMER" WHERE "CUSTOMER"."EMAIL" LIKE $1
;;
-- source: Spring Data JDBC exists
SELECT "CUSTOMER"."ID" FROM "CUSTOMER" WHERE "CUSTOMER"."ID" = $1 LIMIT 1
;;
-- source: Spring Data JDBC one-to-many load
SELECT "PURCHASE_ORDER"."AMOUNT" AS "AMOUNT", "PURCHASE_ORDER"."ID" AS "ID", "PURCHASE_ORDER"."CUSTOMER_KEY" AS "CUSTOMER_KEY" FROM "PURCHASE_ORDER" WHERE "PURCHASE_ORDER"."CUSTOMER" = $1 ORDER BY "CUSTOMER_KEY"
;;
-- source: Spring Data JDBC findAllById
SELECT "CUSTOMER"."ID" AS "ID", "CUSTOMER"."EMAIL" AS "EMAIL" FROM "CUSTOMER" WHERE "CUSTOMER"."ID" IN ($1, $2, $3)
;;
-- source: Spring JdbcTemplate
SELECT id, email, name FROM users WHERE id = ANY($1::bigint[])
;;
-- source: jOOQ select
select "public"."book"."id", "public"."book"."title", "public"."author"."first_name", "public"."author"."last_name" from "public"."book" join "public"."author" on "public"."book"."author_id" = "public"."author"."id" where "public"."book"."published_in" > $1 order by "public"."book"."id" asc
;;
-- source: jOOQ insert returning
insert into "public"."author" ("first_name", "last_name") values ($1, $2) returning "public"."author"."id"
;;
-- source: jOOQ upsert
insert into "public"."author" ("id", "first_name", "last_name") values ($1, $2, $3) on conflict ("id") do update set "first_name" = excluded."first_name", "last_name" = excluded."last_name"
;;
-- source: jOOQ update
update "public"."book" set "title" = $1 where "public"."book"."id" = $2
;;
-- source: jOOQ delete
delete from "public"."book" where "public"."book"."author_id" in (select "public"."author"."id" from "public"."author" where "public"."author"."last_name" = $1)
;;
-- source: jOOQ limit/offset
select "alias_1"."id", "alias_1"."title" from "public"."book" as "alias_1" order by "alias_1"."title" offset $1 rows fetch next $2 rows only
;;
-- source: jOOQ fetchCount
select count(*) from (select "public"."book"."id" from "public"."book" where "public"."book"."language_id" = $1) as "alias_2"
;;
-- source: jOOQ nested record
select "public"."author"."id", (select coalesce(json_agg(json_build_object('id', "b"."id", 'title', "b"."title")), '[]') from "public"."book" as "b" where "b"."author_id" = "public"."author"."id") as "books" from "public"."author"
;;
-- source: jOOQ row value comparison
select "public"."book"."id" from "public"."book" where ("public"."book"."author_id", "public"."book"."id") > ($1, $2) order by "public"."book"."author_id", "public"."book"."id" limit $3
;;
-- source: jOOQ cast
select cast($1 as varchar) = "public"."author"."last_name" from "public"."author"
;;
-- source: ActiveRecord find
SELECT "articles".* FROM "articles" WHERE "articles"."id" = $1 LIMIT $2
;;
-- source: ActiveRecord where + order
SELECT "articles".* FROM "articles" WHERE "articles"."published" = $1 ORDER BY "articles"."created_at" DESC LIMIT $2 OFFSET $3
;;
-- source: ActiveRecord insert
INSERT INTO "articles" ("title", "body", "published", "created_at", "updated_at") VALUES ($1, $2, $3, $4, $5) RETURNING "id"
;;
-- source: ActiveRecord update
UPDATE "articles" SET "title" = $1, "updated_at" = $2 WHERE "articles"."id" = $3
;;
-- source: ActiveRecord optimistic locking
UPDATE "articles" SET "title" = $1, "updated_at" = $2, "lock_version" = $3 WHERE "articles"."id" = $4 AND "articles"."lock_version" = $5
;;
-- source: ActiveRecord counter cache
UPDATE "articles" SET "comments_count" = COALESCE("comments_count", 0) + $1 WHERE "articles"."id" = $2
;;
-- source: ActiveRecord destroy
DELETE FROM "comments" WHERE "comments"."id" = $1
;;
-- source: ActiveRecord exists?
SELECT 1 AS one FROM "articles" WHERE "articles"."title" = $1 LIMIT $2
;;
-- source: ActiveRecord includes
SELECT "comments".* FROM "comments" WHERE "comments"."article_id" IN ($1, $2, $3)
;;
-- source: ActiveRecord joins + group
SELECT "articles"."id", COUNT("comments"."id") AS comments_total FROM "articles" INNER JOIN "comments" ON "comments"."article_id" = "articles"."id" GROUP BY "articles"."id" HAVING (COUNT("comments"."id") > 2)
;;
-- source: ActiveRecord pluck
SELECT "articles"."title" FROM "articles" WHERE "articles"."author_id" IS NULL
;;
-- source: ActiveRecord insert_all / upsert_all
INSERT INTO "articles" ("title","body","created_at","updated_at") VALUES ('a', 'b', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP), ('c', 'd', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP) ON CONFLICT ("id") DO UPDATE SET "updated_at"=(CASE WHEN ("articles"."title" IS NOT DISTINCT FROM excluded."title" AND "articles"."body" IS NOT DISTINCT FROM excluded."body") THEN "articles".updated_at ELSE CURRENT_TIMESTAMP END),"title"=excluded."title","body"=excluded."body" RETURNING "id"
;;
-- source: ActiveRecord schema_migrations
SELECT "schema_migrations"."version" FROM "schema_migrations" ORDER BY "schema_migrations"."version" ASC
;;
-- source: ActiveRecord ar_internal_metadata
SELECT "ar_internal_metadata"."value" FROM "ar_internal_metadata" WHERE "ar_internal_metadata"."key" = $1 ORDER BY "ar_internal_metadata"."key" ASC LIMIT 1
;;
-- source: ActiveRecord lock!
SELECT "articles".* FROM "articles" WHERE "articles"."id" = $1 LIMIT $2 FOR UPDATE
;;
-- source: ActiveRecord with_advisory_lock-like
SELECT pg_try_advisory_xact_lock(hashtext('articles'))
;;
-- source: ActiveRecord find_each batches
SELECT "articles".* FROM "articles" WHERE "articles"."id" > $1 ORDER BY "articles"."id" ASC LIMIT $2
;;
-- source: ActiveRecord enum-ish where in
SELECT "articles".* FROM "articles" WHERE "articles"."author_id" IN (SELECT "users"."id" FROM "users" WHERE "users"."status" = $1)
;;
-- source: Django get
SELECT "auth_user"."id", "auth_user"."password", "auth_user"."last_login", "auth_user"."is_superuser", "auth_user"."username", "auth_user"."first_name", "auth_user"."last_name", "auth_user"."email", "auth_user"."is_staff", "auth_user"."is_active", "auth_user"."date_joined" FROM "auth_user" WHERE "auth_user"."username" = $1 LIMIT 21
;;
-- source: Django update last_login
UPDATE "auth_user" SET "last_login" = $1 WHERE "auth_user"."id" = $2
;;
-- source: Django create
INSERT INTO "auth_user" ("password", "last_login", "is_superuser", "username", "first_name", "last_name", "email", "is_staff", "is_active", "date_joined") VALUES ($1, NULL, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING "auth_user"."id"
;;
-- source: Django session load
SELECT "django_session"."session_key", "django_session"."session_data", "django_session"."expire_date" FROM "django_session" WHERE ("django_session"."expire_date" > $1 AND "django_session"."session_key" = $2) LIMIT 21
;;
-- source: Django QuerySet.iterator() (psycopg2 named cursor)
DECLARE "_django_curs_140234_sync_1" NO SCROLL CURSOR WITHOUT HOLD FOR SELECT "auth_user"."id", "auth_user"."username", "auth_user"."email" FROM "auth_user" WHERE "auth_user"."is_active" ORDER BY "auth_user"."id" ASC
;;
-- source: psycopg2 named cursor (withhold=True, scrollable=True)
DECLARE "export" SCROLL CURSOR WITH HOLD FOR SELECT "articles".* FROM "articles" WHERE "articles"."author_id" = 7
;;
-- source: SQLAlchemy stream_results (psycopg2)
DECLARE "c_7f3a2b_1" CURSOR WITHOUT HOLD FOR SELECT articles.id, articles.title FROM articles ORDER BY articles.id
;;
-- source: Django session save
UPDATE "django_session" SET "session_data" = $1, "expire_date" = $2 WHERE "django_session"."session_key" = $3
;;
-- source: Django session clear
DELETE FROM "django_session" WHERE "django_session"."expire_date" < $1
;;
-- source: Django migrations
SELECT "django_migrations"."id", "django_migrations"."app", "django_migrations"."name", "django_migrations"."applied" FROM "django_migrations"
;;
-- source: Django filter + order_by + slicing
SELECT "polls_question"."id", "polls_question"."question_text", "polls_question"."pub_date" FROM "polls_question" WHERE "polls_question"."pub_date" <= $1 ORDER BY "polls_question"."pub_date" DESC LIMIT 5
;;
-- source: Django F() expression
UPDATE "polls_choice" SET "votes" = ("polls_choice"."votes" + 1) WHERE "polls_choice"."id" = $1
;;
-- source: Django annotate Count
SELECT "polls_question"."id", "polls_question"."question_text", COUNT("polls_choice"."id") AS "num_choices" FROM "polls_question" LEFT OUTER JOIN "polls_choice" ON ("polls_question"."id" = "polls_choice"."question_id") GROUP BY "polls_question"."id" ORDER BY "num_choices" DESC
;;
-- source: Django exists
SELECT 1 AS "a" FROM "auth_user" WHERE "auth_user"."email" = $1 LIMIT 1
;;
-- source: Django icontains
SELECT "auth_user"."id" FROM "auth_user" WHERE UPPER("auth_user"."username"::text) LIKE UPPER($1)
;;
-- source: Django select_for_update
SELECT "polls_choice"."id", "polls_choice"."votes" FROM "polls_choice" WHERE "polls_choice"."id" = $1 FOR UPDATE
;;
-- source: Django bulk_create
INSERT INTO "polls_choice" ("question_id", "choice_text", "votes") VALUES ($1, $2, $3), ($4, $5, $6) RETURNING "polls_choice"."id"
;;
-- source: Django bulk_create ignore_conflicts
INSERT INTO "polls_choice" ("question_id", "choice_text", "votes") VALUES ($1, $2, $3) ON CONFLICT DO NOTHING
;;
-- source: Django bulk_update
UPDATE "polls_choice" SET "votes" = CASE WHEN ("polls_choice"."id" = 1) THEN 3 WHEN ("polls_choice"."id" = 2) THEN 5 ELSE NULL END WHERE "polls_choice"."id" IN (1, 2)
;;
-- source: Django date truncation
SELECT DATE_TRUNC('month', "polls_question"."pub_date" AT TIME ZONE 'UTC') AS "month", COUNT("polls_question"."id") AS "n" FROM "polls_question" GROUP BY 1 ORDER BY 1
;;
-- source: Django distinct on
SELECT DISTINCT ON ("polls_choice"."question_id") "polls_choice"."id", "polls_choice"."question_id" FROM "polls_choice" ORDER BY "polls_choice"."question_id" ASC, "polls_choice"."votes" DESC
;;
-- source: Django savepoint
SAVEPOINT "s140234_x1"
;;
-- source: Django savepoint release
RELEASE SAVEPOINT "s140234_x1"
;;
-- source: Django savepoint rollback
ROLLBACK TO SAVEPOINT "s140234_x1"
;;
-- source: SQLAlchemy select
SELECT user_account.id, user_account.name, user_account.fullname FROM user_account WHERE user_account.name = $1::VARCHAR
;;
-- source: SQLAlchemy insert returning
INSERT INTO user_account (name, fullname) VALUES ($1::VARCHAR, $2::VARCHAR) RETURNING user_account.id
;;
-- source: SQLAlchemy insertmanyvalues
INSERT INTO address (email_address, user_id) SELECT p0::VARCHAR, p1::INTEGER FROM (VALUES ($1, $2, 0), ($3, $4, 1)) AS imp_sen(p0, p1, sen_counter) ORDER BY sen_counter RETURNING address.id, address.id AS id__1
;;
-- source: SQLAlchemy join
SELECT user_account.name, address.email_address FROM user_account JOIN address ON user_account.id = address.user_id WHERE address.email_address LIKE $1::VARCHAR ORDER BY address.id
;;
-- source: SQLAlchemy update
UPDATE user_account SET fullname=$1::VARCHAR WHERE user_account.name = $2::VARCHAR
;;
-- source: SQLAlchemy delete
DELETE FROM user_account WHERE user_account.name = $1::VARCHAR
;;
-- source: SQLAlchemy update from
UPDATE user_account SET fullname=address.email_address FROM address WHERE user_account.id = address.user_id AND address.email_address = $1::VARCHAR
;;
-- source: SQLAlchemy subquery
SELECT user_account.name, anon_1.count FROM user_account JOIN (SELECT address.user_id AS user_id, count(address.id) AS count FROM address GROUP BY address.user_id) AS anon_1 ON user_account.id = anon_1.user_id
;;
-- source: SQLAlchemy exists
SELECT user_account.name FROM user_account WHERE EXISTS (SELECT 1 FROM address WHERE user_account.id = address.user_id)
;;
-- source: SQLAlchemy in with array
SELECT user_account.id FROM user_account WHERE user_account.name = ANY ($1::VARCHAR[])
;;
-- source: SQLAlchemy cast
SELECT CAST(user_account.id AS VARCHAR) AS anon_1 FROM user_account
;;
-- source: SQLAlchemy on conflict
INSERT INTO user_account (id, name) VALUES ($1::INTEGER, $2::VARCHAR) ON CONFLICT (id) DO UPDATE SET name = excluded.name
;;
-- source: SQLAlchemy with_for_update
SELECT user_account.id FROM user_account WHERE user_account.id = $1::INTEGER FOR UPDATE OF user_account SKIP LOCKED
;;
-- source: SQLAlchemy CTE
WITH anon_1 AS (SELECT address.user_id AS user_id FROM address WHERE address.email_address LIKE $1::VARCHAR) SELECT user_account.name FROM user_account JOIN anon_1 ON user_account.id = anon_1.user_id
;;
-- source: SQLAlchemy window
SELECT user_account.name, row_number() OVER (PARTITION BY user_account.fullname ORDER BY user_account.id) AS anon_1 FROM user_account
;;
-- source: SQLAlchemy lateral
SELECT user_account.name, anon_1.email_address FROM user_account JOIN LATERAL (SELECT address.email_address AS email_address FROM address WHERE address.user_id = user_account.id LIMIT 1) AS anon_1 ON true
;;
-- source: Prisma findUnique
SELECT "public"."User"."id", "public"."User"."email", "public"."User"."name", "public"."User"."createdAt", "public"."User"."updatedAt" FROM "public"."User" WHERE ("public"."User"."email" = $1 AND 1=1) LIMIT $2 OFFSET $3
;;
-- source: Prisma findMany with relation
SELECT "public"."Post"."id", "public"."Post"."title", "public"."Post"."authorId" FROM "public"."Post" WHERE ("public"."Post"."published" = $1 AND "public"."Post"."authorId" IN ($2,$3)) ORDER BY "public"."Post"."createdAt" DESC OFFSET $4
;;
-- source: Prisma create
INSERT INTO "public"."User" ("email","name","updatedAt") VALUES ($1,$2,$3) RETURNING "public"."User"."id", "public"."User"."email", "public"."User"."name", "public"."User"."createdAt", "public"."User"."updatedAt"
;;
-- source: Prisma update
UPDATE "public"."User" SET "name" = $1, "updatedAt" = $2 WHERE ("public"."User"."id" = $3 AND 1=1) RETURNING "public"."User"."id", "public"."User"."email", "public"."User"."name"
;;
-- source: Prisma delete
DELETE FROM "public"."Post" WHERE ("public"."Post"."id" = $1 AND 1=1) RETURNING "public"."Post"."id"
;;
-- source: Prisma upsert (native)
INSERT INTO "public"."User" ("email","name","updatedAt") VALUES ($1,$2,$3) ON CONFLICT ("email") DO UPDATE SET "name" = $4, "updatedAt" = $5 WHERE ("public"."User"."email" = $6 AND 1=1) RETURNING "public"."User"."id"
;;
-- source: Prisma count
SELECT COUNT(*) AS "_count._all" FROM (SELECT "public"."User"."id" FROM "public"."User" WHERE 1=1 OFFSET $1) AS "sub"
;;
-- source: Prisma relation load with array
SELECT "public"."Post"."id", "public"."Post"."authorId" FROM "public"."Post" WHERE "public"."Post"."authorId" = ANY($1) OFFSET $2
;;
-- source: Prisma contains insensitive
SELECT "public"."User"."id" FROM "public"."User" WHERE "public"."User"."name"::text ILIKE $1 OFFSET $2
;;
-- source: Prisma transaction
BEGIN
;;
-- source: Prisma migrations table check
SELECT EXISTS (SELECT FROM pg_tables WHERE schemaname = 'public' AND tablename = 'User')
;;
-- source: Prisma introspection
SELECT oid::int8 AS id, nspname AS name FROM pg_namespace WHERE nspname = ANY ($1) ORDER BY name
;;
-- source: hand-written: upsert with RETURNING
INSERT INTO users (email, name) VALUES ($1, $2) ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name, updated_at = now() RETURNING id, (xmax = 0) AS inserted
;;
-- source: hand-written
INSERT INTO users (email, name) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING RETURNING id
;;
-- source: hand-written: partial unique index as conflict target
INSERT INTO users (email, name) VALUES ($1, $2) ON CONFLICT (lower(email)) WHERE deleted_at IS NULL DO UPDATE SET name = EXCLUDED.name
;;
-- source: hand-written
INSERT INTO accounts AS a (user_id, currency, balance) VALUES ($1, 'EUR', $2) ON CONFLICT ON CONSTRAINT accounts_user_currency_key DO UPDATE SET balance = a.balance + EXCLUDED.balance WHERE a.balance + EXCLUDED.balance >= 0
;;
-- source: hand-written
INSERT INTO counters (name, value) VALUES ('visits', 1) ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value
;;
-- source: hand-written
INSERT INTO audit_log DEFAULT VALUES RETURNING id
;;
-- source: hand-written
INSERT INTO orgs (name) VALUES ('a'), ('b'), ('c') RETURNING *
;;
-- source: hand-written: DEFAULT items
INSERT INTO users (id, email, name, status) VALUES (DEFAULT, 'x@example.com', DEFAULT, 'active'), (DEFAULT, 'y@example.com', 'Y', DEFAULT)
;;
-- source: hand-written: INSERT ... SELECT
INSERT INTO archived_orders SELECT * FROM orders WHERE created_at < now() - interval '1 year'
;;
-- source: hand-written
INSERT INTO audit_log (table_name, op, row_id, payload) SELECT 'users', 'touch', u.id, to_jsonb(u) FROM users u WHERE u.updated_at > $1::timestamptz
;;
-- source: hand-written: INSERT with multi-line formatting
INSERT INTO users (
    email,
    name,
    data
) VALUES (
    $1,
    $2,
    jsonb_build_object('source', 'signup', 'at', now())
)
RETURNING id, email, created_at
;;
-- source: hand-written
INSERT INTO products (sku, name, price, tags, attrs) VALUES ('SKU-1', 'Widget', 9.99, ARRAY['a', 'b'], '{"color": "red"}'::jsonb)
;;
-- source: hand-written: dollar quoted
INSERT INTO audit_log (table_name, op, payload) VALUES ('x', $$it's "quoted"$$, $json${"a": "$$"}$json$::jsonb)
;;
-- source: hand-written: escape string
INSERT INTO orders (user_id, note) VALUES ($1, E'line1\nline2\ttab \'quoted\'')
;;
-- source: hand-written
INSERT INTO orders (user_id, note) VALUES ($1, 'it''s fine')
;;
-- source: hand-written: WITH in front of INSERT
WITH new_org AS (INSERT INTO orgs (name) VALUES ($1) RETURNING id) INSERT INTO users (org_id, email) SELECT id, $2 FROM new_org RETURNING id
;;
-- source: hand-written: data-modifying CTE moving rows
WITH moved AS (DELETE FROM orders WHERE status = 'cancelled' AND created_at < now() - interval '30 days' RETURNING *) INSERT INTO archived_orders SELECT * FROM moved
;;
-- source: hand-written
WITH upd AS (UPDATE users SET login_count = login_count + 1, updated_at = now() WHERE id = $1 RETURNING id, login_count) SELECT login_count FROM upd
;;
-- source: hand-written
WITH d AS (DELETE FROM jobs WHERE status = 'done' RETURNING id) SELECT count(*) FROM d
;;
-- source: hand-written: several data-modifying CTEs
WITH o AS (INSERT INTO orders (user_id, total) VALUES ($1, $2) RETURNING id, user_id), a AS (UPDATE accounts SET balance = balance - $2 WHERE user_id = (SELECT user_id FROM o) RETURNING id) SELECT o.id, (SELECT count(*) FROM a) FROM o
;;
-- source: hand-written: WITH in front of UPDATE
WITH totals AS (SELECT order_id, sum(quantity * price) AS total FROM order_items GROUP BY order_id) UPDATE orders o SET total = t.total FROM totals t WHERE t.order_id = o.id
;;
-- source: hand-written: WITH in front of DELETE
WITH stale AS (SELECT id FROM jobs WHERE run_at < now() - interval '7 days') DELETE FROM jobs USING stale WHERE jobs.id = stale.id RETURNING jobs.id
;;
-- source: hand-written: recursive CTE
WITH RECURSIVE tree AS (SELECT id, parent_id, name, 1 AS depth FROM categories WHERE parent_id IS NULL UNION ALL SELECT c.id, c.parent_id, c.name, t.depth + 1 FROM categories c JOIN tree t ON c.parent_id = t.id) SELECT * FROM tree ORDER BY depth, name
;;
-- source: hand-written
WITH RECURSIVE nums(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM nums WHERE n < 100) SELECT sum(n) FROM nums
;;
-- source: hand-written: materialized CTE
WITH recent AS MATERIALIZED (SELECT * FROM orders WHERE created_at > now() - interval '1 day') SELECT user_id, count(*) FROM recent GROUP BY user_id
;;
-- source: hand-written
WITH r AS NOT MATERIALIZED (SELECT id FROM users WHERE active) SELECT * FROM orders WHERE user_id IN (SELECT id FROM r)
;;
-- source: hand-written: UPDATE with alias and FROM
UPDATE orders AS o SET status = 'shipped', shipped_at = now() FROM users u WHERE u.id = o.user_id AND u.status = 'active' AND o.status = 'paid' RETURNING o.id, o.shipped_at
;;
-- source: hand-written: UPDATE without AS
UPDATE users u SET email = $1, email_lower = lower($1) WHERE u.id = $2
;;
-- source: hand-written: multi-column SET
UPDATE users SET (name, status) = ($1, $2) WHERE id = $3
;;
-- source: hand-written
UPDATE users SET (name, status) = ROW($1, 'active') WHERE id = $2
;;
-- source: hand-written: multi-column SET from sub-select
UPDATE orders SET (total, note) = (SELECT sum(price * quantity), 'recomputed' FROM order_items WHERE order_id = orders.id) WHERE id = $1
;;
-- source: hand-written
UPDATE users SET name = DEFAULT, status = DEFAULT WHERE id = $1
;;
-- source: hand-written
UPDATE users SET data = data || jsonb_build_object('last_seen', now()), tags = array_append(tags, 'seen') WHERE id = $1 RETURNING data
;;
-- source: hand-written
UPDATE users SET data = jsonb_set(data, '{profile,city}', to_jsonb($1::text)) WHERE id = $2
;;
-- source: hand-written
UPDATE users SET version = version + 1, updated_at = CURRENT_TIMESTAMP WHERE id = $1 AND version = $2 RETURNING version
;;
-- source: hand-written
UPDATE ONLY users SET active = false WHERE deleted_at IS NOT NULL
;;
-- source: hand-written
UPDATE jobs SET status = 'running', locked_by = $1, locked_at = now(), attempts = attempts + 1 WHERE id = (SELECT id FROM jobs WHERE status = 'ready' AND run_at <= now() ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id, payload
;;
-- source: hand-written
UPDATE accounts SET balance = balance + CASE WHEN user_id = $1 THEN -$3::numeric ELSE $3::numeric END WHERE user_id IN ($1, $2)
;;
-- source: hand-written
UPDATE products SET stock = stock - oi.quantity FROM order_items oi WHERE oi.product_id = products.id AND oi.order_id = $1
;;
-- source: hand-written: DELETE with USING
DELETE FROM order_items oi USING orders o WHERE o.id = oi.order_id AND o.status = 'cancelled'
;;
-- source: hand-written
DELETE FROM orders AS o USING users u WHERE u.id = o.user_id AND u.deleted_at IS NOT NULL RETURNING o.id, u.email
;;
-- source: hand-written
DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE status = 'done' ORDER BY id LIMIT 1000)
;;
-- source: hand-written
DELETE FROM users WHERE id = $1 RETURNING *
;;
-- source: hand-written
DELETE FROM ONLY audit_log WHERE at < now() - interval '90 days'
;;
-- source: hand-written: DISTINCT ON
SELECT DISTINCT ON (user_id) user_id, id, total, created_at FROM orders ORDER BY user_id, created_at DESC
;;
-- source: hand-written
SELECT DISTINCT ON (o.user_id, date_trunc('day', o.created_at)) o.* FROM orders o ORDER BY o.user_id, date_trunc('day', o.created_at), o.total DESC
;;
-- source: hand-written: locking
SELECT * FROM accounts WHERE user_id = $1 FOR UPDATE
;;
-- source: hand-written
SELECT id, balance FROM accounts WHERE id IN ($1, $2) ORDER BY id FOR NO KEY UPDATE
;;
-- source: hand-written
SELECT * FROM users WHERE id = $1 FOR SHARE
;;
-- source: hand-written
SELECT * FROM users WHERE id = $1 FOR KEY SHARE NOWAIT
;;
-- source: hand-written
SELECT o.id, u.id FROM orders o JOIN users u ON u.id = o.user_id WHERE o.id = $1 FOR UPDATE OF o FOR SHARE OF u SKIP LOCKED
;;
-- source: hand-written
SELECT id FROM jobs WHERE status = 'ready' ORDER BY run_at FOR UPDATE SKIP LOCKED LIMIT 10
;;
-- source: hand-written
SELECT id FROM jobs WHERE queue = $1 AND status = 'ready' ORDER BY run_at LIMIT 10 FOR UPDATE SKIP LOCKED
;;
-- source: hand-written: limits
SELECT * FROM users ORDER BY id LIMIT 10 OFFSET 20
;;
-- source: hand-written
SELECT * FROM users ORDER BY id OFFSET 20 LIMIT 10
;;
-- source: hand-written
SELECT * FROM users LIMIT ALL
;;
-- source: hand-written
SELECT * FROM users ORDER BY id OFFSET 5 ROWS
;;
-- source: hand-written
SELECT * FROM users ORDER BY id OFFSET 5 ROWS FETCH FIRST 10 ROWS ONLY
;;
-- source: hand-written
SELECT * FROM users ORDER BY id FETCH NEXT 1 ROW ONLY
;;
-- source: hand-written: parameters repeated
SELECT * FROM users WHERE email = $1 OR email_lower = lower($1) OR name = $2
;;
-- source: hand-written: casts
SELECT '2024-01-01'::date, '42'::int, 1::text, id::text, created_at::date, $1::timestamptz, '{a,b}'::text[], '{1,2}'::int[], 'users'::regclass, '{}'::jsonb FROM users WHERE id = 1
;;
-- source: hand-written
SELECT CAST(age AS bigint), CAST(created_at AS date), CAST(tags AS varchar[]), CAST('1 day' AS interval), CAST(data AS text) FROM users
;;
-- source: hand-written: typed literals
SELECT DATE '2024-01-01', TIMESTAMP '2024-01-01 10:00:00', TIME '10:00', INTERVAL '1 day', interval '2 hours 30 minutes', INTERVAL '1' DAY
;;
-- source: hand-written
SELECT now() - interval '1 hour', current_date + 7, current_timestamp, localtimestamp, clock_timestamp(), now()::date
;;
-- source: hand-written
SELECT extract(epoch from now()), extract(dow from created_at), date_part('hour', created_at), date_trunc('week', created_at), to_char(created_at, 'YYYY-MM-DD'), age(now(), created_at) FROM users
;;
-- source: hand-written
SELECT created_at AT TIME ZONE 'UTC', created_at AT TIME ZONE 'Europe/Berlin' FROM users
;;
-- source: hand-written: collations
SELECT name FROM users ORDER BY name COLLATE "C"
;;
-- source: hand-written
SELECT * FROM users WHERE name COLLATE "C" < 'm' AND email = 'x' COLLATE "default"
;;
-- source: hand-written: arrays
SELECT ARRAY[1, 2, 3], ARRAY['a', 'b'], tags[1], tags[array_length(tags, 1)], array_length(tags, 1), cardinality(tags), array_to_string(tags, ','), unnest(tags) FROM users
;;
-- source: hand-written
SELECT * FROM users WHERE 'vip' = ANY(tags) AND NOT ('banned' = ANY(tags))
;;
-- source: hand-written
SELECT * FROM users WHERE id = ANY($1) AND status <> ALL(ARRAY['banned', 'deleted'])
;;
-- source: hand-written
SELECT * FROM users WHERE age > ALL (SELECT age FROM users WHERE status = 'minor') OR age < SOME (SELECT 18)
;;
-- source: hand-written
SELECT * FROM products WHERE tags && ARRAY['sale', 'new'] AND tags @> ARRAY['sale'] AND ARRAY['x'] <@ tags
;;
-- source: hand-written: jsonb operators
SELECT data->'profile'->>'city', data->>'name', data#>'{profile,address}', data#>>'{profile,address,zip}', data - 'secret', data #- '{profile,phone}' FROM users
;;
-- source: hand-written
SELECT * FROM users WHERE data ? 'email_verified' AND data ?| ARRAY['a', 'b'] AND data ?& ARRAY['c', 'd'] AND data @> '{"plan": "pro"}' AND '{"x": 1}' <@ data
;;
-- source: hand-written
SELECT id FROM users WHERE (data->>'age')::int > 18 AND data->'flags' @> '["beta"]'::jsonb
;;
-- source: hand-written
SELECT jsonb_build_object('id', id, 'email', email), jsonb_agg(name ORDER BY name), json_agg(t), to_jsonb(t) FROM users t GROUP BY t.id
;;
-- source: hand-written
SELECT key, value FROM users, jsonb_each(users.data) WHERE users.id = $1
;;
-- source: hand-written: text search
SELECT id FROM products WHERE search @@ to_tsquery('english', $1) ORDER BY ts_rank(search, to_tsquery('english', $1)) DESC
;;
-- source: hand-written: pattern matching
SELECT * FROM users WHERE email ILIKE '%@example.com' AND name NOT ILIKE 'test%' AND name LIKE 'A%' AND name NOT LIKE '%z'
;;
-- source: hand-written
SELECT * FROM users WHERE email ~ '^[a-z]+@' AND email ~* 'EXAMPLE' AND name !~ '[0-9]' AND name !~* 'bot'
;;
-- source: hand-written
SELECT * FROM users WHERE name SIMILAR TO '(A|B)%' AND email NOT SIMILAR TO '%test%'
;;
-- source: hand-written
SELECT * FROM users WHERE email LIKE 'a\_%' ESCAPE '\'
;;
-- source: hand-written: explicit operator
SELECT * FROM users WHERE email OPERATOR(pg_catalog.~~) 'a%' AND name OPERATOR(pg_catalog.=) 'x'
;;
-- source: hand-written: null-safe comparisons
SELECT * FROM users WHERE name IS DISTINCT FROM $1 AND email IS NOT DISTINCT FROM $2
;;
-- source: hand-written
SELECT * FROM users WHERE deleted_at IS NULL AND updated_at IS NOT NULL AND active IS TRUE AND (age > 18) IS NOT FALSE
;;
-- source: hand-written
SELECT * FROM users WHERE age BETWEEN 18 AND 65 AND id NOT BETWEEN 10 AND 20 AND age BETWEEN SYMMETRIC 65 AND 18
;;
-- source: hand-written: string functions and operators
SELECT name || ' <' || email || '>', concat(name, email), concat_ws(',', name, email), lower(email), upper(name), length(name), substring(email from 1 for 5), substring(email, 1, 5), position('@' in email), trim(both ' ' from name), btrim(name), left(email, 3), right(email, 3), replace(email, '@', ' at '), split_part(email, '@', 2), md5(email), initcap(name), repeat('x', 3), lpad(name, 10, '*'), regexp_replace(email, '@.*', '') FROM users
;;
-- source: hand-written: math
SELECT 1 + 2 * 3, (1 + 2) * 3, 10 / 3, 10 % 3, 2 ^ 10, -age, abs(-1), round(total, 2), ceil(total), floor(total), greatest(1, 2, 3), least(1, 2), random(), 7 & 3, 7 | 8, 5 # 1, 1 << 4 FROM orders, users LIMIT 1
;;
-- source: hand-written: row constructors
SELECT ROW(id, email), (id, email) FROM users
;;
-- source: hand-written
SELECT * FROM orders WHERE (user_id, status) = ($1, $2) AND (total, id) > (100, 5)
;;
-- source: hand-written
SELECT * FROM users WHERE (id, email) IN (SELECT user_id, 'x' FROM orders)
;;
-- source: hand-written: named arguments
SELECT make_interval(days => 10), make_date(year => 2024, month => 1, day => 2)
;;
-- source: hand-written: aggregates
SELECT status, count(*), count(*) FILTER (WHERE active), count(DISTINCT org_id), sum(age), avg(age)::numeric(10,2), min(created_at), max(created_at), bool_and(active), bool_or(active) FROM users GROUP BY status HAVING count(*) > 1 ORDER BY count(*) DESC
;;
-- source: hand-written
SELECT user_id, string_agg(status, ',' ORDER BY created_at), array_agg(id ORDER BY id DESC), jsonb_agg(DISTINCT status) FROM orders GROUP BY user_id
;;
-- source: hand-written
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY total), mode() WITHIN GROUP (ORDER BY status) FROM orders
;;
-- source: hand-written: window functions
SELECT id, total, row_number() OVER (PARTITION BY user_id ORDER BY created_at), rank() OVER w, dense_rank() OVER w, lag(total) OVER w, lead(total, 1, 0) OVER w, sum(total) OVER (PARTITION BY user_id ORDER BY created_at ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), first_value(total) OVER w, ntile(4) OVER (ORDER BY total) FROM orders WINDOW w AS (PARTITION BY user_id ORDER BY created_at)
;;
-- source: hand-written
SELECT id, avg(total) OVER (ORDER BY created_at RANGE BETWEEN INTERVAL '7 days' PRECEDING AND CURRENT ROW) FROM orders
;;
-- source: hand-written: GROUPING SETS / ROLLUP
SELECT status, user_id, sum(total) FROM orders GROUP BY ROLLUP (status, user_id)
;;
-- source: hand-written
SELECT status, processed, count(*) FROM orders GROUP BY GROUPING SETS ((status), (processed), ())
;;
-- source: hand-written: CASE
SELECT CASE WHEN age < 18 THEN 'minor' WHEN age < 65 THEN 'adult' ELSE 'senior' END, CASE status WHEN 'active' THEN 1 WHEN 'banned' THEN 2 ELSE 0 END FROM users
;;
-- source: hand-written: COALESCE / NULLIF
SELECT coalesce(name, email, 'anonymous'), nullif(name, ''), coalesce(data->>'nick', name) FROM users
;;
-- source: hand-written: joins
SELECT u.email, o.id, oi.quantity, p.name FROM users u JOIN orders o ON o.user_id = u.id LEFT JOIN order_items oi ON oi.order_id = o.id LEFT OUTER JOIN products p ON p.id = oi.product_id WHERE u.id = $1
;;
-- source: hand-written
SELECT * FROM users u RIGHT JOIN orders o ON o.user_id = u.id FULL OUTER JOIN accounts a ON a.user_id = u.id
;;
-- source: hand-written
SELECT * FROM orders JOIN order_items USING (id) CROSS JOIN orgs
;;
-- source: hand-written
SELECT * FROM users NATURAL JOIN accounts
;;
-- source: hand-written
SELECT * FROM users u, orders o, accounts a WHERE o.user_id = u.id AND a.user_id = u.id
;;
-- source: hand-written: lateral
SELECT u.id, last_order.id, last_order.total FROM users u LEFT JOIN LATERAL (SELECT id, total FROM orders o WHERE o.user_id = u.id ORDER BY created_at DESC LIMIT 1) last_order ON true
;;
-- source: hand-written
SELECT u.id, x.cnt FROM users u CROSS JOIN LATERAL (SELECT count(*) AS cnt FROM orders o WHERE o.user_id = u.id) AS x
;;
-- source: hand-written: set-returning functions
SELECT * FROM generate_series(1, 10) AS g(n)
;;
-- source: hand-written
SELECT d::date FROM generate_series(now() - interval '7 days', now(), interval '1 day') d
;;
-- source: hand-written
SELECT generate_series(1, 3), unnest(ARRAY['a', 'b', 'c'])
;;
-- source: hand-written
SELECT * FROM unnest(ARRAY[1, 2, 3]) WITH ORDINALITY AS t(v, i)
;;
-- source: hand-written
SELECT * FROM jsonb_to_recordset('[{"a":1,"b":"x"}]'::jsonb) AS x(a int, b text)
;;
-- source: hand-written: set operations
SELECT id FROM users WHERE active UNION SELECT user_id FROM orders EXCEPT SELECT user_id FROM accounts
;;
-- source: hand-written
(SELECT id FROM users ORDER BY id LIMIT 5) UNION ALL (SELECT id FROM orders ORDER BY id DESC LIMIT 5) ORDER BY id
;;
-- source: hand-written
SELECT email FROM users INTERSECT SELECT email FROM users WHERE active
;;
-- source: hand-written: VALUES
VALUES (1, 'one'), (2, 'two')
;;
-- source: hand-written
SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(id, label) JOIN users u ON u.id = v.id
;;
-- source: hand-written
TABLE users
;;
-- source: hand-written: subqueries
SELECT id, (SELECT count(*) FROM orders o WHERE o.user_id = u.id) AS orders FROM users u
;;
-- source: hand-written
SELECT * FROM users WHERE id IN (SELECT user_id FROM orders WHERE total > 100) AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.user_id = users.id)
;;
-- source: hand-written
SELECT * FROM (SELECT user_id, sum(total) AS s FROM orders GROUP BY user_id) t WHERE t.s > 1000
;;
-- source: hand-written
SELECT ARRAY(SELECT id FROM orders WHERE user_id = u.id ORDER BY id) FROM users u
;;
-- source: hand-written: comments everywhere
/* leading block comment */ SELECT id, -- the id
  email /* inline /* nested */ comment */ FROM users -- trailing
;;
-- source: hand-written: whitespace
SELECT
	id,
	email
FROM
	users
WHERE
	id = $1
;;
-- source: hand-written: case folding
SELECT ID, Email, "email" FROM USERS WHERE Id = 1
;;
-- source: hand-written: quoted identifiers
SELECT "ID", "FIRST_NAME" AS "First Name", "LAST_NAME" "last name" FROM "CUSTOMER" WHERE "EMAIL" IS NOT NULL
;;
-- source: hand-written: keyword-named columns
SELECT "date", "time", "timestamp", "value", "key", "name", "type", "position", "level", "data" FROM events
;;
-- source: hand-written
SELECT date, time, timestamp, value, key, name, type, position, level, data FROM events WHERE date > current_date - 7
;;
-- source: hand-written
INSERT INTO events (user_id, kind, date, value, key, name, type) VALUES ($1, 'login', current_date, 1, 'k', 'n', 't')
;;
-- source: hand-written
UPDATE events SET value = value + 1, name = 'x', type = 'y' WHERE key = $1
;;
-- source: hand-written: unicode
SELECT 'grüße', 'こんにちは', '😀' AS emoji, U&'d\0061t\0061'
;;
-- source: hand-written: bit strings
SELECT B'1010', X'1F', B'1010'::int
;;
-- source: hand-written: booleans
SELECT true, false, NOT active, active AND NOT (age > 10 OR age IS NULL) FROM users
;;
-- source: hand-written: numbers
SELECT 1, -1, 1.5, .5, 1e3, 1.5E-3, 12345678901234567890
;;
-- source: hand-written: string continuation
SELECT 'foo'
'bar'
;;
-- source: hand-written: sequences
SELECT nextval('users_id_seq'), currval('users_id_seq'), setval('users_id_seq', 100, true)
;;
-- source: hand-written: functions
SELECT gen_random_uuid(), md5(random()::text), pg_sleep(0), txid_current(), pg_backend_pid(), current_database(), inet_server_port()
;;
-- source: hand-written: EXISTS select
SELECT EXISTS (SELECT 1 FROM users WHERE email = $1)
;;
-- source: hand-written: transaction control
START TRANSACTION ISOLATION LEVEL REPEATABLE READ
;;
-- source: hand-written
BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ WRITE
;;
-- source: hand-written
BEGIN WORK
;;
-- source: hand-written
SAVEPOINT before_update
;;
-- source: hand-written
RELEASE before_update
;;
-- source: hand-written
ROLLBACK TO before_update
;;
-- source: hand-written
ROLLBACK WORK
;;
-- source: hand-written
COMMIT WORK
;;
-- source: hand-written
END
;;
-- source: hand-written
SET SESSION statement_timeout TO '5min'
;;
-- source: hand-written
SET work_mem = '64MB'
;;
-- source: hand-written
SET LOCAL search_path TO public
;;
-- source: hand-written
SET TRANSACTION ISOLATION LEVEL REPEATABLE READ
;;
-- source: hand-written
SHOW ALL
;;
-- source: hand-written
SHOW TIME ZONE
;;
-- source: hand-written
RESET search_path
;;
-- source: hand-written: lateral set-returning function
SELECT u.id, t.tag FROM users u CROSS JOIN LATERAL unnest(u.tags) AS t(tag)
;;
-- source: hand-written
SELECT u.id, e.key, e.value FROM users u LEFT JOIN LATERAL jsonb_each_text(u.data) e ON true WHERE u.id = $1
;;
-- source: hand-written
SELECT p.id, a.elem, a.idx FROM products p, LATERAL jsonb_array_elements(p.attrs->'sizes') WITH ORDINALITY AS a(elem, idx)
;;
-- source: hand-written: job queue claim (CTE with locking)
WITH next_job AS (SELECT id FROM jobs WHERE status = 'ready' AND queue = $1 ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED) UPDATE jobs SET status = 'running', locked_at = now() FROM next_job WHERE jobs.id = next_job.id RETURNING jobs.id, jobs.payload
;;
-- source: hand-written: job queue delete-returning
DELETE FROM jobs WHERE id = (SELECT id FROM jobs WHERE status = 'ready' ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING *
;;
-- source: hand-written: keyset pagination
SELECT id, created_at FROM orders WHERE (created_at, id) < ($1, $2) ORDER BY created_at DESC, id DESC LIMIT 50
;;
-- source: hand-written: upsert from select
INSERT INTO counters (name, value) SELECT status, count(*) FROM users GROUP BY status ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value
;;
-- source: hand-written: insert with CTE source
INSERT INTO audit_log (table_name, op, row_id) WITH changed AS (SELECT id FROM users WHERE updated_at > now() - interval '1 hour') SELECT 'users', 'changed', id FROM changed
;;
-- source: psycopg2 client-side binding of string parameters to LIMIT and OFFSET
SELECT id, email FROM users ORDER BY id LIMIT '10' OFFSET '20'
;;
-- source: hand-written pagination: page number and page size as parameters
SELECT id, email FROM users ORDER BY id LIMIT $2 OFFSET ($1 - 1) * $2
;;
-- source: hand-written: LIMIT from a sub-query, OFFSET with ROWS
SELECT id FROM users ORDER BY id LIMIT (SELECT count(*) / 2 FROM users) OFFSET 1 ROWS
;;
-- source: hand-written: LIMIT ALL, LIMIT NULL (both mean no limit)
SELECT id FROM users ORDER BY id LIMIT ALL OFFSET 0
;;
SELECT id FROM users ORDER BY id LIMIT NULL
