package org.scurry.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb read with dpkg-deb, without installing it (no root needed): its control fields and
 * conffiles, the modes and owners of what it puts where, that every shared library its Java
 * runtime links against comes from a package it depends on, and that its files, unpacked into an
 * empty directory tree ({@code dpkg-deb -x}), run a gateway on the runtime they bring.
 */
class DebContentsIT {
    @TempDir
    Path dir;

    @Test
    void controlFieldsNameThePackageItsArchitectureAndItsConffiles() {
        Artifacts.requireProgram("/usr/bin/dpkg-deb", "dpkg");
        String deb = Artifacts.deb().toString();
        assertThat(field(deb, "Package")).isEqualTo("scurry");
        assertThat(field(deb, "Version")).matches("\\d+\\.\\d+\\.\\d+(~\\d{14})?");
        assertThat(field(deb, "Architecture"))
                .isEqualTo(Cmd.run("dpkg", "--print-architecture").ok().out().trim());
        assertThat(field(deb, "Depends")).contains("adduser");
        assertThat(Cmd.run("dpkg-deb", "--info", deb, "conffiles").ok().out().lines())
                .containsExactlyInAnyOrder("/etc/scurry/gateway.properties", "/etc/scurry/history.properties");
        assertThat(Cmd.run("dpkg-deb", "--info", deb, "postinst").ok().out()).contains("adduser --system");
    }

    @Test
    void filesGoUnderOptScurryOwnedByRootWithTheLauncherOnThePath() {
        Artifacts.requireProgram("/usr/bin/dpkg-deb", "dpkg");
        // "-rwxr-xr-x root/root 889 2026-12-07 18:37 ./opt/scurry/bin/scurry"
        TreeMap<String, String> entries = Cmd.run(
                        "dpkg-deb", "--contents", Artifacts.deb().toString())
                .ok()
                .out()
                .lines()
                .map(l -> l.split("\\s+", 6))
                .collect(Collectors.toMap(f -> f[5], f -> f[0] + " " + f[1], (a, b) -> a, TreeMap::new));
        assertThat(entries.get("./opt/scurry/bin/scurry")).isEqualTo("-rwxr-xr-x root/root");
        assertThat(entries.get("./opt/scurry/runtime/bin/java")).isEqualTo("-rwxr-xr-x root/root");
        assertThat(entries.get("./opt/scurry/runtime/lib/jspawnhelper")).isEqualTo("-rwxr-xr-x root/root");
        assertThat(entries.get("./usr/lib/systemd/system/scurry@.service")).isEqualTo("-rw-r--r-- root/root");
        assertThat(entries.get("./etc/scurry/gateway.properties")).isEqualTo("-rw-r----- root/root");
        assertThat(entries.get("./usr/share/bash-completion/completions/scurry"))
                .isEqualTo("-rw-r--r-- root/root");
        assertThat(entries.keySet()).anyMatch(k -> k.startsWith("./usr/bin/scurry -> /opt/scurry/bin/scurry"));
        assertThat(entries.keySet())
                .filteredOn(k -> k.startsWith("./opt/scurry/lib/"))
                .anyMatch(k -> k.contains("scurry-gateway-"));
        assertThat(entries.values()).allMatch(v -> v.endsWith("root/root"));
        // Nothing outside the package's own places.
        assertThat(entries.keySet())
                .allMatch(
                        k -> Stream.of("./opt/", "./usr/", "./etc/").anyMatch(k::startsWith), "under /opt, /usr, /etc");
    }

    @Test
    void everyLibraryTheRuntimeLinksComesFromADeclaredDependency() throws IOException {
        Artifacts.requireProgram("/usr/bin/dpkg-deb", "dpkg");
        Artifacts.requireProgram("/usr/bin/readelf", "binutils");
        Path root = extract();
        Path runtime = root.resolve("opt/scurry/runtime");
        Set<String> shipped = new TreeSet<>();
        Set<String> needed = new TreeSet<>();
        try (Stream<Path> files = Files.walk(runtime)) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(DebContentsIT::isElf)
                    .toList()) {
                shipped.add(f.getFileName().toString());
                Cmd.run("readelf", "-d", f.toString())
                        .ok()
                        .out()
                        .lines()
                        .filter(l -> l.contains("(NEEDED)"))
                        .map(l -> l.substring(l.indexOf('[') + 1, l.indexOf(']')))
                        .forEach(needed::add);
            }
        }
        needed.removeAll(shipped);
        assertThat(needed).as("libraries from the system").contains("libc.so.6").isNotEmpty();
        Set<String> depends = Arrays.stream(
                        field(Artifacts.deb().toString(), "Depends").split(","))
                .map(d -> d.trim().split("[ (]")[0])
                .collect(Collectors.toSet());
        String cache = Cmd.run("/sbin/ldconfig", "-p").ok().out();
        for (String soname : needed) {
            // "libz.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libz.so.1": any architecture's copy
            // names the package (dpkg -S answers "zlib1g:amd64: /lib/..."); with merged /usr, dpkg
            // may know the file by its other name (/usr/lib/... for /lib/...).
            Set<String> owners = cache.lines()
                    .filter(l -> l.trim().startsWith(soname + " "))
                    .map(l -> l.substring(l.indexOf("=> ") + 3).trim())
                    .flatMap(p -> Stream.of(p, p.startsWith("/usr/") ? p.substring(4) : "/usr" + p))
                    .map(p -> Cmd.run("dpkg", "-S", p))
                    .filter(r -> r.exit() == 0)
                    .map(r -> r.out().substring(0, r.out().indexOf(':')))
                    .collect(Collectors.toSet());
            assertThat(owners)
                    .as(soname + " comes from a Debian package on this machine")
                    .isNotEmpty();
            assertThat(owners)
                    .as(soname + " comes from " + owners + "; Depends: " + depends)
                    .containsAnyElementsOf(depends);
        }
    }

    @Test
    void unpackedDebRunsAGatewayOnItsOwnRuntime() throws Exception {
        Artifacts.requireProgram("/usr/bin/dpkg-deb", "dpkg");
        Path home = extract().resolve("opt/scurry");
        try (TreeGateway gateway = TreeGateway.start(
                home,
                dir.resolve("node"),
                TarballIT.freePort(),
                dir,
                "--swarm-port",
                Integer.toString(TarballIT.freePort()),
                "--mqtt-port",
                "0")) {
            String id = new ObjectMapper()
                    .readTree(gateway.awaitServing())
                    .path("id")
                    .asText();
            assertThat(gateway.executable())
                    .isEqualTo(home.resolve("runtime/bin/java").toRealPath());
            assertThat(gateway.scurry("id").ok().out().trim()).isEqualTo(id);
            assertThat(gateway.scurry("post", "hello from dpkg-deb -x")
                            .ok()
                            .out()
                            .trim())
                    .startsWith("~");
            assertThat(gateway.stop()).isIn(0, 143);
        }
    }

    private Path extract() {
        Path root = dir.resolve("root");
        Cmd.run("dpkg-deb", "-x", Artifacts.deb().toString(), root.toString()).ok();
        return root;
    }

    private static String field(String deb, String name) {
        return Cmd.run("dpkg-deb", "--field", deb, name).ok().out().trim();
    }

    private static boolean isElf(Path f) {
        try (var in = Files.newInputStream(f)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }
}
