package dev.wifbroker.api.wellknown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.of;

import dev.wifbroker.api.wellknown.PolicyShapes.Kind;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published JSON Schemas and the broker's parsers give the same verdict on each shape: an editor never
 * marks valid what the broker refuses, nor the reverse. A shape the schema cannot express (a bound, a file, a
 * compiled pattern) is listed apart, so the schema cannot start accepting it silently nor the parser stop
 * refusing it. {@link SchemaSourceTest} keeps the field sets, enums and patterns equal to the code's.
 */
class SchemaAgreementTest {
    private static final String ISSUER = "name: gh\nprofile: oidc\nurl: https://issuer.example.com\naudiences: [broker]\n";
    private static final String ARN = "roleArn: \"arn:aws:iam::123456789012:role/deploy\"";
    private static final String WIP = "workloadIdentityProvider: \"//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/pool/providers/prov\"";
    private static final String GUID = "00000000-0000-0000-0000-000000000000";
    private static final String AZURE = "azure: {tenantId: " + GUID + ", clientId: " + GUID;
    private static final String SHADOW_TRUST = "shadow:\n  trust:\n    - {issuer: gh, claims: {sub: y}}\n";
    private static final String CASE = "{name: n, role: r, issuer: gh, claims: {sub: x}, expect: allow";

    enum Verdict { ACCEPT, REFUSE }

    static Stream<Arguments> shapes() {
        return Stream.of(
                issuer("https url", "", Verdict.ACCEPT),
                of("issuer: https url with port and path", Kind.ISSUER, url("https://issuer.example.com:8443/tenants/a"), Verdict.ACCEPT),
                of("issuer: http url without allowInsecureHttp", Kind.ISSUER, url("http://issuer.example.com"), Verdict.REFUSE),
                of("issuer: http loopback url with allowInsecureHttp", Kind.ISSUER, url("http://127.0.0.1:8080") + "allowInsecureHttp: true\n", Verdict.ACCEPT),
                of("issuer: http LOCALHOST url with allowInsecureHttp", Kind.ISSUER, url("http://LOCALHOST:8080/x") + "allowInsecureHttp: true\n", Verdict.ACCEPT),
                of("issuer: http non-loopback url with allowInsecureHttp", Kind.ISSUER, url("http://issuer.example.com") + "allowInsecureHttp: true\n", Verdict.REFUSE),
                issuer("allowInsecureHttp: \"true\" (quoted)", "allowInsecureHttp: \"true\"\n", Verdict.REFUSE),
                of("issuer: upper-case scheme HTTPS://", Kind.ISSUER, url("HTTPS://issuer.example.com"), Verdict.REFUSE),
                of("issuer: url with a query", Kind.ISSUER, url("https://issuer.example.com/?a=b"), Verdict.REFUSE),
                of("issuer: url with a fragment", Kind.ISSUER, url("https://issuer.example.com/#a"), Verdict.REFUSE),
                of("issuer: url with user info", Kind.ISSUER, url("https://u@issuer.example.com"), Verdict.REFUSE),
                of("issuer: url without a host", Kind.ISSUER, url("https://"), Verdict.REFUSE),
                of("issuer: url with a space", Kind.ISSUER, url("https://iss uer.example.com"), Verdict.REFUSE),
                of("issuer: blank audience", Kind.ISSUER, ISSUER.replace("[broker]", "[\" \"]"), Verdict.REFUSE),
                of("issuer: numeric audience", Kind.ISSUER, ISSUER.replace("[broker]", "[1]"), Verdict.REFUSE),
                of("issuer: audiences as a single value", Kind.ISSUER, ISSUER.replace("[broker]", "broker"), Verdict.REFUSE),
                of("issuer: missing audiences", Kind.ISSUER, ISSUER.replace("audiences: [broker]\n", ""), Verdict.REFUSE),
                of("issuer: numeric name", Kind.ISSUER, ISSUER.replace("name: gh", "name: 123"), Verdict.REFUSE),
                of("issuer: name with capitals", Kind.ISSUER, ISSUER.replace("name: gh", "name: GitHub"), Verdict.REFUSE),
                of("issuer: unknown profile", Kind.ISSUER, ISSUER.replace("oidc", "circleci"), Verdict.REFUSE),
                issuer("unknown field", "owner: x\n", Verdict.REFUSE),
                issuer("jwks discovery: true", "jwks: {discovery: true}\n", Verdict.ACCEPT),
                issuer("jwks discovery: false", "jwks: {discovery: false}\n", Verdict.REFUSE),
                issuer("jwks discovery: \"true\" (quoted)", "jwks: {discovery: \"true\"}\n", Verdict.REFUSE),
                issuer("jwks uri https", "jwks: {uri: \"https://keys.example.com/jwks\"}\n", Verdict.ACCEPT),
                issuer("jwks uri http", "jwks: {uri: \"http://keys.example.com\"}\n", Verdict.REFUSE),
                of("issuer: jwks uri http loopback with allowInsecureHttp", Kind.ISSUER,
                        url("http://localhost:1") + "allowInsecureHttp: true\njwks: {uri: \"http://localhost:1/jwks\"}\n", Verdict.ACCEPT),
                issuer("jwks uri upper-case scheme", "jwks: {uri: \"HTTPS://keys.example.com\"}\n", Verdict.REFUSE),
                issuer("jwks with two sources", "jwks: {discovery: true, uri: \"https://keys.example.com\"}\n", Verdict.REFUSE),
                issuer("jwks with no source", "jwks: {}\n", Verdict.REFUSE),
                issuer("jwks inline with no keys", "jwks: {inline: {keys: []}}\n", Verdict.REFUSE),
                issuer("algorithms empty", "algorithms: []\n", Verdict.REFUSE),
                issuer("algorithm HS256", "algorithms: [HS256]\n", Verdict.REFUSE),
                issuer("algorithms RS256, ES256", "algorithms: [RS256, ES256]\n", Verdict.ACCEPT),
                issuer("duration P", "clockSkew: P\n", Verdict.REFUSE),
                issuer("duration PT", "clockSkew: PT\n", Verdict.REFUSE),
                issuer("duration lower-case pt1m", "clockSkew: pt1m\n", Verdict.REFUSE),
                issuer("duration with a leading space", "clockSkew: \" 60s\"\n", Verdict.REFUSE),
                issuer("duration without a unit", "clockSkew: 60\n", Verdict.REFUSE),
                issuer("duration negative ISO part PT-1S", "maxTokenAge: PT-1S\n", Verdict.REFUSE),
                issuer("duration signed ISO part PT+1S", "maxTokenAge: PT+1S\n", Verdict.REFUSE),
                issuer("duration ISO PT1M30S", "clockSkew: PT1M30S\n", Verdict.ACCEPT),
                issuer("duration ISO fraction PT0.5S", "clockSkew: PT0.5S\n", Verdict.ACCEPT),
                issuer("duration 500ms", "clockSkew: 500ms\n", Verdict.ACCEPT),
                issuer("duration ISO days P1D", "maxTokenAge: P1D\n", Verdict.ACCEPT),
                issuer("replay Reject (capital)", "replay: Reject\n", Verdict.REFUSE),
                issuer("replay reject", "replay: reject\n", Verdict.ACCEPT),
                issuer("numeric description", "description: 5\n", Verdict.REFUSE),
                issuer("null description", "description: null\n", Verdict.REFUSE),

                role("exact text claim", "x", Verdict.ACCEPT),
                role("exact numeric claim", "5", Verdict.ACCEPT),
                role("exact boolean claim", "true", Verdict.ACCEPT),
                role("present: true", "{present: true}", Verdict.ACCEPT),
                role("present: \"true\" (quoted)", "{present: \"true\"}", Verdict.REFUSE),
                role("present: false", "{present: false}", Verdict.REFUSE),
                role("absent: true", "{absent: true}", Verdict.ACCEPT),
                role("absent: \"true\" (quoted)", "{absent: \"true\"}", Verdict.REFUSE),
                role("oneOf mixing text and numbers", "{oneOf: [push, 1]}", Verdict.ACCEPT),
                role("oneOf of numbers", "{oneOf: [1, 2]}", Verdict.ACCEPT),
                role("oneOf of text", "{oneOf: [push, workflow_dispatch]}", Verdict.ACCEPT),
                role("oneOf listing a value twice", "{oneOf: [a, a]}", Verdict.REFUSE),
                role("oneOf empty", "{oneOf: []}", Verdict.REFUSE),
                role("oneOf with null", "{oneOf: [null]}", Verdict.REFUSE),
                role("oneOf with a list", "{oneOf: [[a]]}", Verdict.REFUSE),
                role("oneOf as a single value", "{oneOf: a}", Verdict.REFUSE),
                role("glob text", "{glob: \"acme/*\"}", Verdict.ACCEPT),
                role("glob empty", "{glob: \"\"}", Verdict.REFUSE),
                role("glob numeric", "{glob: 5}", Verdict.REFUSE),
                role("regex text", "{regex: \"refs/tags/v[0-9]+\"}", Verdict.ACCEPT),
                role("regex numeric", "{regex: 5}", Verdict.REFUSE),
                role("not exact", "{not: x}", Verdict.ACCEPT),
                role("not glob", "{not: {glob: \"a*\"}}", Verdict.ACCEPT),
                role("not present", "{not: {present: true}}", Verdict.REFUSE),
                role("not not", "{not: {not: x}}", Verdict.REFUSE),
                role("not null", "{not: null}", Verdict.REFUSE),
                role("not oneOf listing a value twice", "{not: {oneOf: [a, a]}}", Verdict.REFUSE),
                role("a list as the value", "[a, b]", Verdict.REFUSE),
                role("null as the value", "null", Verdict.REFUSE),
                role("an empty mapping", "{}", Verdict.REFUSE),
                role("two matchers", "{glob: a, regex: b}", Verdict.REFUSE),
                role("unknown matcher GLOB", "{GLOB: x}", Verdict.REFUSE),
                of("role: when empty", Kind.ROLE, rule("claims: {sub: x}\n    when: \"\""), Verdict.REFUSE),
                of("role: when boolean", Kind.ROLE, rule("claims: {sub: x}\n    when: true"), Verdict.REFUSE),
                of("role: when text", Kind.ROLE, rule("claims: {sub: x}\n    when: 'claims.sub == \"x\"'"), Verdict.ACCEPT),
                of("role: rule without claims", Kind.ROLE, rule("description: d"), Verdict.REFUSE),
                of("role: rule with empty claims", Kind.ROLE, rule("claims: {}"), Verdict.REFUSE),
                of("role: rule with an unknown field", Kind.ROLE, rule("claims: {sub: x}\n    owner: y"), Verdict.REFUSE),
                of("role: numeric role name", Kind.ROLE, credentials("internal: {audience: api}").replace("role: r", "role: 123"), Verdict.REFUSE),
                of("role: empty deny", Kind.ROLE, credentials("internal: {audience: api}") + "deny: []\n", Verdict.REFUSE),
                of("role: empty trust", Kind.ROLE, "role: r\ntrust: []\ncredentials:\n  internal: {audience: api}\n", Verdict.REFUSE),
                of("role: missing trust", Kind.ROLE, "role: r\ncredentials:\n  internal: {audience: api}\n", Verdict.REFUSE),
                of("role: missing credentials", Kind.ROLE, "role: r\ntrust:\n  - {issuer: gh, claims: {sub: x}}\n", Verdict.REFUSE),
                of("role: shadow block with trust", Kind.ROLE, credentials("internal: {audience: api}") + SHADOW_TRUST, Verdict.ACCEPT),
                of("role: shadow block with deny: []", Kind.ROLE, credentials("internal: {audience: api}") + "shadow: {deny: []}\n", Verdict.ACCEPT),
                of("role: shadow block with empty trust", Kind.ROLE, credentials("internal: {audience: api}") + "shadow: {trust: []}\n", Verdict.REFUSE),
                of("role: shadow block without rules", Kind.ROLE, credentials("internal: {audience: api}") + "shadow: {description: d}\n", Verdict.REFUSE),
                of("role: shadow block with credentials", Kind.ROLE, credentials("internal: {audience: api}")
                        + "shadow: {deny: [], credentials: {internal: {audience: api}}}\n", Verdict.REFUSE),
                of("role: shadow file with trust", Kind.ROLE, "shadowOf: r\n" + SHADOW_TRUST.replace("shadow:\n  ", "").replace("\n    ", "\n  "), Verdict.ACCEPT),
                of("role: shadow file with deny: []", Kind.ROLE, "shadowOf: r\ndeny: []\n", Verdict.ACCEPT),
                of("role: shadow file without rules", Kind.ROLE, "shadowOf: r\ndescription: d\n", Verdict.REFUSE),
                of("role: shadow file with credentials", Kind.ROLE, "shadowOf: r\ndeny: []\ncredentials:\n  internal: {audience: api}\n", Verdict.REFUSE),
                of("role: shadow file with role", Kind.ROLE, "shadowOf: r\nrole: r\ndeny: []\n", Verdict.REFUSE),
                of("role: shadow file naming a bad role name", Kind.ROLE, "shadowOf: R\ndeny: []\n", Verdict.REFUSE),
                of("role: role file with a shadow block and shadowOf", Kind.ROLE, credentials("internal: {audience: api}") + "shadowOf: r\n", Verdict.REFUSE),
                target("no target", "{}", Verdict.REFUSE),
                target("unknown target", "oci: {}", Verdict.REFUSE),
                target("aws", "aws: {" + ARN + "}", Verdict.ACCEPT),
                target("aws duration P", "aws: {" + ARN + ", duration: P}", Verdict.REFUSE),
                target("aws duration 1h", "aws: {" + ARN + ", duration: 1h}", Verdict.ACCEPT),
                target("aws roleArn without a name", "aws: {roleArn: \"arn:aws:iam::123456789012:role/\"}", Verdict.REFUSE),
                target("aws roleArn with an 11-digit account", "aws: {roleArn: \"arn:aws:iam::12345678901:role/x\"}", Verdict.REFUSE),
                target("aws tag with a numeric value", "aws: {" + ARN + ", tags: {run: 1}}", Verdict.ACCEPT),
                target("aws tag key aws:", "aws: {" + ARN + ", tags: {\"aws:x\": v}}", Verdict.REFUSE),
                target("aws tag with a list value", "aws: {" + ARN + ", tags: {a: [x]}}", Verdict.REFUSE),
                target("aws managed policy not an ARN", "aws: {" + ARN + ", managedPolicyArns: [x]}", Verdict.REFUSE),
                target("aws managed policy ARN", "aws: {" + ARN + ", managedPolicyArns: [\"arn:aws:iam::aws:policy/ReadOnlyAccess\"]}", Verdict.ACCEPT),
                target("aws session policy without Statement", "aws: {" + ARN + ", sessionPolicy: {Version: \"2012-10-17\"}}", Verdict.REFUSE),
                target("aws session policy", "aws: {" + ARN + ", sessionPolicy: {Statement: [{Effect: Allow, Action: \"s3:*\", Resource: \"*\"}]}}", Verdict.ACCEPT),
                target("aws session policy as a list", "aws: {" + ARN + ", sessionPolicy: [a]}", Verdict.REFUSE),
                target("aws unknown field", "aws: {" + ARN + ", region: x}", Verdict.REFUSE),
                target("gcp", "gcp: {" + WIP + "}", Verdict.ACCEPT),
                target("gcp provider without providers/", "gcp: {workloadIdentityProvider: \"//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p\"}", Verdict.REFUSE),
                target("gcp scope not a Google scope", "gcp: {" + WIP + ", scopes: [x]}", Verdict.REFUSE),
                target("gcp service account not an email", "gcp: {" + WIP + ", serviceAccount: x}", Verdict.REFUSE),
                target("gcp service account", "gcp: {" + WIP + ", serviceAccount: deployer@proj-1.iam.gserviceaccount.com}", Verdict.ACCEPT),
                target("azure token mode without scope", AZURE + "}", Verdict.REFUSE),
                target("azure token mode", AZURE + ", scope: \"https://management.azure.com/.default\"}", Verdict.ACCEPT),
                target("azure assertion mode without scope", AZURE + ", mode: assertion}", Verdict.ACCEPT),
                target("azure tenant not a GUID", "azure: {tenantId: x, clientId: " + GUID + ", scope: a/.default}", Verdict.REFUSE),
                target("azure scope without /.default", AZURE + ", scope: \"https://management.azure.com\"}", Verdict.REFUSE),
                target("azure unknown mode", AZURE + ", mode: secret, scope: a/.default}", Verdict.REFUSE),
                target("internal", "internal: {audience: api}", Verdict.ACCEPT),
                target("internal audience with a space", "internal: {audience: \"a b\"}", Verdict.REFUSE),
                target("internal audience empty", "internal: {audience: \"\"}", Verdict.REFUSE),
                target("internal audience numeric", "internal: {audience: 5}", Verdict.REFUSE),
                target("internal scope empty", "internal: {audience: api, scopes: [\"\"]}", Verdict.REFUSE),
                target("internal scope with a quote", "internal: {audience: api, scopes: [\"a\\\"b\"]}", Verdict.REFUSE),
                target("internal scopes", "internal: {audience: api, scopes: [\"refunds:write\"]}", Verdict.ACCEPT),
                target("internal claim with a mapping value", "internal: {audience: api, claims: {x: {a: 1}}}", Verdict.REFUSE),
                target("internal claim null", "internal: {audience: api, claims: {x: null}}", Verdict.REFUSE),
                target("internal claim with a bad name", "internal: {audience: api, claims: {\"bad name\": 1}}", Verdict.REFUSE),
                target("internal claim reserved", "internal: {audience: api, claims: {sub: x}}", Verdict.REFUSE),
                target("internal claims of each type", "internal: {audience: api, claims: {a: 1, b: true, c: [x], d: t}}", Verdict.ACCEPT),
                target("internal algorithm es256 (lower case)", "internal: {audience: api, algorithm: es256}", Verdict.REFUSE),

                test("case with claims", "cases:\n  - " + CASE + "}\n", Verdict.ACCEPT),
                test("no cases", "cases: []\n", Verdict.REFUSE),
                test("case with an empty name", "cases:\n  - " + CASE.replace("name: n", "name: \"\"") + "}\n", Verdict.REFUSE),
                test("case with a blank name", "cases:\n  - " + CASE.replace("name: n", "name: \" \"") + "}\n", Verdict.REFUSE),
                test("case with a numeric name", "cases:\n  - " + CASE.replace("name: n", "name: 1") + "}\n", Verdict.REFUSE),
                test("case without issuer and no default", "cases:\n  - " + CASE.replace("issuer: gh, ", "") + "}\n", Verdict.REFUSE),
                test("case without role and no default", "cases:\n  - " + CASE.replace("role: r, ", "") + "}\n", Verdict.REFUSE),
                test("role and issuer from defaults", "defaults: {role: r, issuer: gh}\ncases:\n  - {name: n, expect: deny}\n", Verdict.ACCEPT),
                test("defaults claims as a list", "defaults: {role: r, issuer: gh, claims: []}\ncases:\n  - {name: n, expect: deny}\n", Verdict.REFUSE),
                test("claim null", "cases:\n  - " + CASE.replace("{sub: x}", "{sub: null}") + "}\n", Verdict.REFUSE),
                test("nested claim null", "cases:\n  - " + CASE.replace("{sub: x}", "{k: {ns: [a, null]}}") + "}\n", Verdict.REFUSE),
                test("default claim null", "defaults: {role: r, issuer: gh, claims: {sub: ~}}\ncases:\n  - {name: n, expect: deny}\n", Verdict.REFUSE),
                test("reason with expect: allow", "cases:\n  - " + CASE + ", reason: denied_by_rule}\n", Verdict.REFUSE),
                test("expectShadow deny", "cases:\n  - " + CASE + ", expectShadow: deny}\n", Verdict.ACCEPT),
                test("expectShadow maybe", "cases:\n  - " + CASE + ", expectShadow: maybe}\n", Verdict.REFUSE),
                test("failing with expect: allow", "cases:\n  - " + CASE + ", failing: sub}\n", Verdict.REFUSE),
                test("reason and failing with expect: deny", "cases:\n  - " + CASE.replace("allow", "deny") + ", reason: no_matching_rule, failing: sub}\n", Verdict.ACCEPT),
                test("unknown reason", "cases:\n  - " + CASE.replace("allow", "deny") + ", reason: nope}\n", Verdict.REFUSE),
                test("expect maybe", "cases:\n  - " + CASE.replace("allow", "maybe") + "}\n", Verdict.REFUSE),
                test("token and claims", "cases:\n  - " + CASE + ", token: a.b.c}\n", Verdict.REFUSE),
                test("token that is not a JWT", "cases:\n  - {name: n, role: r, issuer: gh, token: abc, expect: deny}\n", Verdict.REFUSE),
                test("remove as a single value", "cases:\n  - " + CASE + ", remove: sub}\n", Verdict.REFUSE),
                test("remove a list", "cases:\n  - " + CASE + ", remove: [sub]}\n", Verdict.ACCEPT),
                test("unknown case field", "cases:\n  - " + CASE + ", owner: x}\n", Verdict.REFUSE),
                test("unknown defaults field", "defaults: {role: r, issuer: gh, owner: x}\ncases:\n  - {name: n, expect: deny}\n", Verdict.REFUSE));
    }

    @ParameterizedTest(name = "{0} -> {3} by schema and parser")
    @MethodSource("shapes")
    void schema_and_parser_agree(String name, Kind kind, String yaml, Verdict verdict) {
        PolicyShapes.Outcome schema = PolicyShapes.schema(kind, yaml);
        PolicyShapes.Outcome parser = PolicyShapes.parser(kind, yaml);
        assertThat(schema.accepted()).as("schema on %s: %s", name, schema).isEqualTo(verdict == Verdict.ACCEPT);
        assertThat(parser.accepted()).as("parser on %s: %s", name, parser).isEqualTo(verdict == Verdict.ACCEPT);
    }

    /** Rules JSON Schema cannot state (bounds, files, compiled patterns, references); each schema description says "checked at load". */
    static Stream<Arguments> checkedOnlyAtLoad() {
        return Stream.of(
                issuer("clockSkew above 5m", "clockSkew: 10m\n", null),
                issuer("maxTokenAge zero", "maxTokenAge: 0s\n", null),
                issuer("maxLifetime zero", "maxLifetime: PT0S\n", null),
                issuer("jwks inline key that is not usable", "jwks: {inline: {keys: [{kty: RSA}]}}\n", null),
                issuer("jwks file that does not exist", "jwks: {file: missing.json}\n", null),
                role("regex that does not compile", "{regex: \"(\"}", null),
                role("oneOf [1, \"1\"]: two JSON values, one claim value", "{oneOf: [1, \"1\"]}", null),
                role("not oneOf [1, \"1\"]", "{not: {oneOf: [1, \"1\"]}}", null),
                of("role: when that is not CEL", Kind.ROLE, rule("claims: {sub: x}\n    when: \"1 +\""), null),
                of("role: rule naming an undeclared issuer", Kind.ROLE, rule("claims: {sub: x}").replace("issuer: gh", "issuer: other"), null),
                target("aws duration below 900s", "aws: {" + ARN + ", duration: 10m}", null),
                target("aws session name template not closed", "aws: {" + ARN + ", sessionName: \"gha-{repository\"}", null),
                target("aws session policy text that is not JSON", "aws: {" + ARN + ", sessionPolicy: \"{\"}", null),
                target("aws tag key outside AWS's charset", "aws: {" + ARN + ", tags: {\"t#k\": v}}", null),
                target("gcp duration zero", "gcp: {" + WIP + ", duration: 0s}", null),
                test("token whose payload is not JSON", "cases:\n  - {name: n, role: r, issuer: gh, token: a.b.c, expect: deny}\n", null),
                // YAML 1.1 spellings: the schema sees the boolean true, the parser also the text that wrote it.
                issuer("allowInsecureHttp: True (capital)", "allowInsecureHttp: True\n", null),
                issuer("allowInsecureHttp: yes", "allowInsecureHttp: yes\n", null),
                role("present: on", "{present: on}", null));
    }

    @ParameterizedTest(name = "{0} -> accepted by the schema, refused at load")
    @MethodSource("checkedOnlyAtLoad")
    void what_the_schema_cannot_state_the_parser_refuses(String name, Kind kind, String yaml, Object unused) {
        assertThat(PolicyShapes.schema(kind, yaml).accepted()).as("schema on %s", name).isTrue();
        assertThat(PolicyShapes.parser(kind, yaml).accepted()).as("parser on %s", name).isFalse();
    }

    private static String url(String url) {
        return ISSUER.replace("https://issuer.example.com", url);
    }

    private static Arguments issuer(String name, String extra, Verdict verdict) {
        return of("issuer: " + name, Kind.ISSUER, ISSUER + extra, verdict);
    }

    private static String rule(String body) {
        return "role: r\ntrust:\n  - issuer: gh\n    " + body + "\ncredentials:\n  internal: {audience: api}\n";
    }

    private static Arguments role(String name, String claimValue, Verdict verdict) {
        return of("matcher: " + name, Kind.ROLE, rule("claims: {sub: " + claimValue + "}"), verdict);
    }

    private static String credentials(String targets) {
        return "role: r\ntrust:\n  - {issuer: gh, claims: {sub: x}}\ncredentials:\n  " + targets + "\n";
    }

    private static Arguments target(String name, String targets, Verdict verdict) {
        return of("target: " + name, Kind.ROLE, targets.equals("{}") ? credentials("").replace("credentials:\n  \n", "credentials: {}\n")
                : credentials(targets), verdict);
    }

    private static Arguments test(String name, String yaml, Verdict verdict) {
        return of("test file: " + name, Kind.TEST, yaml, verdict);
    }
}
