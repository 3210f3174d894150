package org.scurry.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb installed for real with {@code dpkg -i} (maintainer scripts, adduser, statoverrides) in a
 * {@link Sandbox}: a copy-on-write copy of this Debian machine in namespaces of its own, from which
 * the JDK is then deleted. The node is started the way the unit says (its User, StateDirectory,
 * UMask, ExecStart for the instance {@code gateway}, and the read-only file system of
 * ProtectSystem=strict with its private /tmp), serves {@code /api/status} on the packaged
 * defaults, takes a post from {@code scurry} on the PATH, and stops on SIGTERM; then an admin's
 * edit of a conffile survives a reinstall, and remove and purge leave what they should. systemd
 * itself is not run: {@code systemd-analyze verify} checks the installed unit.
 */
class DebInstallIT {
    private static final String UNIT = "/usr/lib/systemd/system/scurry@.service";

    @TempDir
    Path dir;

    @Test
    void debInstallsRunsAsItsOwnUserAndRemovesCleanly() throws Exception {
        Path deb = Artifacts.deb();
        try (Sandbox box = Sandbox.open(dir, deb.getParent())) {
            String pkg = Sandbox.DIST + "/" + deb.getFileName();
            // A clean start even where a developer installed the package on the host itself.
            box.sh(
                    "dpkg --purge scurry >/dev/null 2>&1; rm -rf /var/lib/scurry; deluser --system scurry >/dev/null 2>&1; true");
            assertThat(box.sh("getent passwd scurry").exit()).isNotZero();

            Cmd.Result install = box.sh("dpkg -i " + pkg).ok();
            assertThat(install.out()).contains("Setting up scurry");

            // The system user, and who may read what.
            String user = box.sh("getent passwd scurry").ok().out().trim();
            String[] fields = user.split(":");
            assertThat(Integer.parseInt(fields[2])).as("a system uid: " + user).isLessThan(1000);
            assertThat(fields[5]).isEqualTo("/var/lib/scurry");
            assertThat(fields[6]).isEqualTo("/usr/sbin/nologin");
            assertThat(stat(box, "/var/lib/scurry")).isEqualTo("scurry scurry 700");
            assertThat(stat(box, "/etc/scurry")).isEqualTo("root scurry 750");
            assertThat(stat(box, "/etc/scurry/gateway.properties")).isEqualTo("root scurry 640");
            assertThat(stat(box, "/etc/scurry/history.properties")).isEqualTo("root scurry 640");
            assertThat(stat(box, UNIT)).isEqualTo("root root 644");
            assertThat(box.sh("readlink /usr/bin/scurry").ok().out().trim()).isEqualTo("/opt/scurry/bin/scurry");
            assertThat(box.sh("dpkg-query -W -f='${Conffiles}' scurry").ok().out())
                    .contains("/etc/scurry/gateway.properties")
                    .contains("/etc/scurry/history.properties");

            // No JDK on this machine from here on: only the package's runtime can run the node.
            box.sh("rm -rf /usr/lib/jvm /etc/alternatives/java /usr/bin/java").ok();
            assertThat(box.sh("command -v java").exit()).isNotZero();

            if (box.sh("command -v systemd-analyze").exit() == 0) {
                Cmd.Result verify = box.sh("systemd-analyze verify scurry@gateway.service scurry@history.service");
                assertThat(verify.exit()).as(verify.toString()).isZero();
                assertThat(verify.err()).as(verify.toString()).doesNotContain("scurry@");
            } else {
                Artifacts.unavailable("systemd-analyze is not installed (Debian package systemd)");
            }

            Path log = dir.resolve("gateway.log");
            UnitFile unit = UnitFile.parse(box.sh("cat " + UNIT).ok().out(), "gateway");
            Process node = box.start(startAsTheUnitWould(unit), log);
            try {
                String status = await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(500))
                        .failFast("the node exited: " + log, () -> !node.isAlive())
                        .until(() -> box.sh("curl -fsS http://127.0.0.1:8470/api/status"), r -> r.exit() == 0)
                        .out();
                assertThat(status).contains("\"id\":\"@");
                String pid = box.sh("cat /run/scurry-gateway.pid").ok().out().trim();
                // The node runs in a mount namespace of its own, so the link names the file as the
                // host sees it; the device and inode say whether it is the package's java.
                assertThat(box.sh("readlink /proc/" + pid + "/exe").ok().out().trim())
                        .endsWith("/opt/scurry/runtime/bin/java");
                assertThat(box.sh("stat -L -c %d:%i /proc/" + pid + "/exe").ok().out())
                        .as("the JVM is the package's")
                        .isEqualTo(box.sh("stat -c %d:%i /opt/scurry/runtime/bin/java")
                                .ok()
                                .out());
                assertThat(box.sh("stat -c %U /proc/" + pid).ok().out().trim()).isEqualTo("scurry");
                // It served with the file system ProtectSystem=strict leaves: "/" read-only, the
                // state directory writable (mountinfo: ID PARENT DEV ROOT MOUNTPOINT OPTIONS ...).
                java.util.List<String[]> mounts = box.sh("cat /proc/" + pid + "/mountinfo")
                        .ok()
                        .out()
                        .lines()
                        .map(l -> l.split(" "))
                        .toList();
                assertThat(mounts).anyMatch(m -> m[4].equals("/") && m[5].startsWith("ro"));
                assertThat(mounts).anyMatch(m -> m[4].equals("/var/lib/scurry/gateway") && m[5].startsWith("rw"));

                // The data is the service user's alone.
                assertThat(stat(box, "/var/lib/scurry/gateway")).isEqualTo("scurry scurry 700");
                assertThat(stat(box, "/var/lib/scurry/gateway/identity.key")).isEqualTo("scurry scurry 600");
                assertThat(stat(box, "/var/lib/scurry/gateway/api-token")).isEqualTo("scurry scurry 600");

                String asScurry =
                        "setpriv --reuid=scurry --regid=scurry --init-groups scurry --data /var/lib/scurry/gateway ";
                Cmd.Result post =
                        box.sh(asScurry + "post 'hello from the package'").ok();
                assertThat(post.out().trim()).matches("~[A-Za-z0-9_-]{43}");
                assertThat(box.sh(asScurry + "timeline").ok().out()).contains("hello from the package");
                Cmd.Result stranger = box.sh(
                        "setpriv --reuid=nobody --regid=nogroup --clear-groups scurry --data /var/lib/scurry/gateway post intruder");
                assertThat(stranger.exit()).as(stranger.toString()).isNotZero();

                box.sh("kill -TERM " + pid).ok();
                assertThat(node.waitFor(60, TimeUnit.SECONDS))
                        .as("stopped on SIGTERM")
                        .isTrue();
            } finally {
                node.destroyForcibly();
            }
            assertThat(Files.readString(log))
                    .contains("is up")
                    .contains("stopped")
                    .doesNotContain("Read-only file system")
                    .doesNotContain("Exception");

            // An admin's edit of a conffile survives a reinstall (an upgrade of an unchanged conffile).
            box.sh("echo scurry.peers=198.51.100.7:8471 >> /etc/scurry/gateway.properties")
                    .ok();
            box.sh("dpkg -i " + pkg).ok();
            assertThat(box.sh("cat /etc/scurry/gateway.properties").ok().out()).contains("198.51.100.7:8471");
            assertThat(stat(box, "/etc/scurry/gateway.properties")).isEqualTo("root scurry 640");

            // remove: the program goes, configuration and data stay.
            box.sh("dpkg -r scurry").ok();
            assertThat(box.sh("test -e /opt/scurry/bin/scurry || test -L /usr/bin/scurry || test -e " + UNIT)
                            .exit())
                    .isNotZero();
            assertThat(box.sh("test -f /etc/scurry/gateway.properties").exit()).isZero();
            // purge: the configuration goes too; the node's keys are kept on purpose.
            Cmd.Result purge = box.sh("dpkg --purge scurry").ok();
            assertThat(purge.err()).contains("kept /var/lib/scurry");
            assertThat(box.sh("test -e /etc/scurry").exit()).isNotZero();
            assertThat(box.sh("dpkg-statoverride --list | grep -c /etc/scurry")
                            .out()
                            .trim())
                    .isEqualTo("0");
            assertThat(box.sh("test -f /var/lib/scurry/gateway/identity.key").exit())
                    .isZero();
        }
    }

    /**
     * A shell script that does what systemd does for the unit's service: the state directory made
     * with its mode and owner, then, in a mount namespace of the node's own, the file system as
     * {@code ProtectSystem=strict}, {@code ProtectHome=yes} and {@code PrivateTmp=yes} leave it
     * (everything read-only but the state directory; empty /home and /root; an empty /tmp of its
     * own), the umask, the user without new privileges, and the ExecStart command line, whose pid
     * it records in /run/scurry-gateway.pid. The other sandboxing directives are not imitated.
     */
    private static String startAsTheUnitWould(UnitFile unit) {
        assertThat(unit.get("ProtectSystem")).isEqualTo("strict");
        assertThat(unit.get("ProtectHome")).isEqualTo("yes");
        assertThat(unit.get("PrivateTmp")).isEqualTo("yes");
        assertThat(unit.get("NoNewPrivileges")).isEqualTo("yes");
        String user = unit.get("User");
        String group = unit.get("Group");
        String state = "/var/lib/" + unit.get("StateDirectory");
        String mounts = String.join(
                "; ",
                "set -e",
                "mount --bind " + state + " " + state,
                "mount -o remount,bind,ro /",
                "mount -t tmpfs -o mode=1777 private-tmp /tmp",
                "mount -t tmpfs -o mode=0755 protect-home /home",
                "mount -t tmpfs -o mode=0700 protect-home /root",
                "umask " + unit.get("UMask"),
                "exec setpriv --reuid=" + user + " --regid=" + group + " --init-groups --no-new-privs "
                        + unit.get("ExecStart"));
        return String.join(
                "\n",
                "set -e",
                "install -d -o " + user + " -g " + group + " -m " + unit.get("StateDirectoryMode") + " " + state,
                "echo $$ > /run/scurry-gateway.pid",
                "exec unshare --mount sh -c " + Sandbox.quote(mounts));
    }

    private static String stat(Sandbox box, String path) {
        return box.sh("stat -c '%U %G %a' " + path).ok().out().trim();
    }
}
