package dev.wifbroker.credential.internal;

import static dev.wifbroker.credential.TargetFields.checked;
import static dev.wifbroker.credential.TargetFields.positive;
import static dev.wifbroker.credential.TargetFields.template;

import dev.wifbroker.credential.CredentialKind;
import dev.wifbroker.credential.TargetMinter;
import dev.wifbroker.credential.template.TemplateCharset;
import dev.wifbroker.yaml.Problems;
import dev.wifbroker.yaml.YamlObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** {@code credentials.internal}: a JWT the broker signs for one of its relying services. */
public final class InternalKind implements CredentialKind<InternalTarget> {
    public static final String NAME = "internal";
    static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}");
    static final Pattern AUDIENCE = Pattern.compile("[\\x21-\\x7E]{1,256}");
    static final Pattern CLAIM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:-]{0,63}");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<InternalTarget> targetType() {
        return InternalTarget.class;
    }

    @Override
    public Class<? extends TargetMinter<InternalTarget>> minter() {
        return InternalTokenMinter.class;
    }

    @Override
    public InternalTarget parse(YamlObject o, Problems problems) {
        String audience = checked(o, "audience", AUDIENCE, "one service name or URL without spaces", problems);
        List<String> scopes = o.stringList("scopes", false);
        for (String s : scopes) {
            if (!SCOPE.matcher(s).matches()) {
                problems.error(o.raw("scopes").orElseThrow(), "scope '" + s + "' must be printable ASCII without spaces or quotes");
            }
        }
        Duration duration = positive(o, InternalTarget.DEFAULT, problems);
        Map<String, Object> claims = new LinkedHashMap<>();
        o.optObject("claims").ifPresent(c -> {
            for (String name : c.keys()) {
                if (InternalTarget.RESERVED.contains(name) || !CLAIM_NAME.matcher(name).matches()) {
                    problems.error(c.keyNode(name), "claim '" + name + "' is reserved or not a valid claim name");
                    continue;
                }
                Node value = c.raw(name).orElseThrow();
                Object plain = YamlObject.plain(value);
                if (plain instanceof String s) {
                    template(c, name, s, TemplateCharset.TEXT, problems).ifPresent(t -> claims.put(name, t.isLiteral() ? s : t));
                } else if (plain == null || plain instanceof Map) {
                    problems.error(value, "claim '" + name + "' must be a string, number, boolean or list");
                } else {
                    claims.put(name, plain);
                }
            }
        });
        InternalTarget.Algorithm alg = InternalTarget.Algorithm.ES256;
        Optional<String> algText = o.optString("algorithm");
        if (algText.isPresent()) {
            try {
                alg = InternalTarget.Algorithm.valueOf(algText.get());
            } catch (IllegalArgumentException e) {
                problems.error(o.raw("algorithm").orElseThrow(), "algorithm must be ES256, RS256 or EdDSA");
            }
        }
        o.finish("audience", "scopes", "duration", "claims", "algorithm");
        return new InternalTarget(audience, scopes, duration, claims, alg);
    }

}
