-- RDAP answers /nameserver/HOST: the delegations that use a host, found
-- by its name.
CREATE INDEX nameserver_host ON nameserver(host);
