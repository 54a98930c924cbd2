-- Lets the account dgkg_writer load the graph with `dgkg push` through Virtuoso's Graph Store
-- endpoint /sparql-graph-crud-auth, which asks for HTTP Digest authentication
-- (docs/remote-stores.md). Create the account first, with a password of your own:
--
--   isql-vt 1111 dba DBA-PASSWORD exec="DB.DBA.USER_CREATE ('dgkg_writer', 'WRITER-PASSWORD')"
--   isql-vt 1111 dba DBA-PASSWORD scripts/virtuoso-grants.sql
--   dgkg push --endpoint 'http://dgkg_writer:WRITER-PASSWORD@HOST:8890/sparql-graph-crud-auth'
--
-- tests/stores/virtuoso.py runs exactly these steps against its own server.

-- The role that lets an account change RDF data over HTTP at all.
GRANT SPARQL_UPDATE TO "dgkg_writer";

-- Graph-level permissions, checked as well: 3 = read and write, on every graph. Anonymous
-- readers (the SPARQL account behind /sparql) keep read-only access.
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('dgkg_writer', 3);
