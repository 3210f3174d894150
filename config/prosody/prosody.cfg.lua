-- A Prosody 0.12 server for the Scurry XMPP bridge, run in the foreground by a normal user.
-- See docs/xmpp.md. From the repository root:
--
--   mkdir -p /tmp/scurry-prosody/data /tmp/scurry-prosody/certs
--   openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj /CN=localhost \
--       -addext subjectAltName=DNS:localhost \
--       -keyout /tmp/scurry-prosody/certs/localhost.key -out /tmp/scurry-prosody/certs/localhost.crt
--   prosodyctl --config config/prosody/prosody.cfg.lua register scurry localhost BOT_PASSWORD
--   prosodyctl --config config/prosody/prosody.cfg.lua register alice localhost ALICE_PASSWORD
--   prosody --config config/prosody/prosody.cfg.lua -F
--
-- For a real domain: replace "localhost" with it, use a certificate a CA signed for it (Let's
-- Encrypt; `prosodyctl --root cert import`), open c2s to the network (interfaces) and enable s2s
-- so people on other servers can reach the bot.

-- Only needed when started as root (the tests do); a normal user can delete this line.
run_as_root = true

pidfile = "/tmp/scurry-prosody/prosody.pid"
data_path = "/tmp/scurry-prosody/data"
log = { info = "/tmp/scurry-prosody/prosody.log", error = "/tmp/scurry-prosody/prosody.err" }

-- Clients (the bot and people) on localhost:5222 with StartTLS; nothing else listens.
interfaces = { "127.0.0.1" }
c2s_ports = { 5222 }
c2s_direct_tls_ports = { }
s2s_ports = { }
http_ports = { }
https_ports = { }

modules_enabled = {
    "roster";   -- contact lists
    "saslauth"; -- password login
    "tls";      -- StartTLS
    "disco";    -- service discovery (clients ask for it)
    "ping";     -- keep-alives
    "posix";    -- pid file, signals
    -- Updates the bot sends while a person is offline are not lost: the server keeps them and
    -- hands them over at the next login (offline), and keeps a history every client can fetch
    -- (mam, XEP-0313: phones and second devices see what arrived meanwhile). docs/xmpp.md.
    "offline";
    "mam";
}
-- How long the message archive keeps messages, and that it keeps them for every account by default.
archive_expires_after = "1w"
default_archive_policy = true
modules_disabled = { "s2s" }

-- Passwords are stored in plain text under data_path: fine for a local server; use
-- "internal_hashed" for a real one.
authentication = "internal_plain"
c2s_require_encryption = true
allow_registration = false

certificates = "/tmp/scurry-prosody/certs"

VirtualHost "localhost"
    ssl = {
        key = "/tmp/scurry-prosody/certs/localhost.key";
        certificate = "/tmp/scurry-prosody/certs/localhost.crt";
    }
