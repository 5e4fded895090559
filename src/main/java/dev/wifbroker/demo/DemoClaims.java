package dev.wifbroker.demo;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The claims of one demo token: the kind's template, then the caller's overrides, with fresh {@code iss}, {@code aud},
 * {@code iat}, {@code nbf}, {@code exp} and {@code jti} where the caller set none. Every override is applied or refused
 * with the claim's name, never dropped: a foreign {@code iss} makes an "untrusted issuer" demo, a past {@code exp} an
 * expired one. Times are epoch seconds or {@code now}, {@code now-10m}, {@code now+90s} ({@code s}, {@code m}, {@code h}).
 */
final class DemoClaims {
    static final long DEFAULT_TTL_SECONDS = 300;
    private static final Pattern RELATIVE = Pattern.compile("now(?:([+-])([0-9]{1,6})([smh]))?");
    private static final List<String> TIMES = List.of("iat", "nbf", "exp");

    private DemoClaims() {}

    /** A demo request the issuer will not sign, with the claim or parameter it is about. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param issuerUrl the kind's demo issuer URL, the default {@code iss}
     * @param audience the {@code audience} query parameter, if given; the body's {@code aud} may not contradict it
     * @param defaultAudience the {@code aud} when neither says one
     */
    static Map<String, Object> of(Map<String, Object> template, Map<String, Object> overrides, String issuerUrl, boolean audienceList,
            Optional<String> audience, String defaultAudience, long now) {
        Map<String, Object> claims = new LinkedHashMap<>(template);
        for (Map.Entry<String, Object> o : overrides.entrySet()) {
            if (o.getValue() == null) {
                if (o.getKey().equals("iss")) {
                    throw new Refused("claim 'iss' cannot be removed: set it to another URL for an untrusted-issuer demo");
                }
                claims.remove(o.getKey());
            } else {
                claims.put(o.getKey(), o.getValue());
            }
        }
        claims.put("iss", overrides.containsKey("iss") ? issuer(overrides.get("iss")) : issuerUrl);
        if (overrides.containsKey("aud")) {
            Object aud = overrides.get("aud");
            if (aud != null) {
                audienceOf(aud);
                if (audience.isPresent() && !audience.get().equals(aud) && !List.of(audience.get()).equals(aud)) {
                    throw new Refused("claim 'aud' contradicts the audience parameter: give the audience once");
                }
            }
        } else {
            String aud = audience.orElse(defaultAudience);
            claims.put("aud", audienceList ? List.of(aud) : aud);
        }
        // A time the caller set is parsed, one set to null stays removed, the others follow iat (now by default).
        long iat = overrides.get("iat") != null ? time("iat", overrides.get("iat"), now) : now;
        Map<String, Long> defaults = Map.of("iat", iat, "nbf", iat, "exp", iat + DEFAULT_TTL_SECONDS);
        for (String time : TIMES) {
            if (!overrides.containsKey(time)) {
                claims.put(time, defaults.get(time));
            } else if (overrides.get(time) != null) {
                claims.put(time, time(time, overrides.get(time), now));
            }
        }
        if (overrides.containsKey("jti")) {
            Object jti = overrides.get("jti");
            if (jti != null && !(jti instanceof String s && !s.isEmpty() && s.length() <= 256)) {
                throw new Refused("claim 'jti' must be a non-empty string of at most 256 characters (or null to leave it out)");
            }
        } else {
            claims.put("jti", UUID.randomUUID().toString());
        }
        return claims;
    }

    private static String issuer(Object value) {
        if (value instanceof String s && s.length() <= 255) {
            try {
                URI uri = new URI(s);
                if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                    return s;
                }
            } catch (java.net.URISyntaxException e) {
                // refused below
            }
        }
        throw new Refused("claim 'iss' must be an http(s) URL of at most 255 characters");
    }

    private static void audienceOf(Object aud) {
        boolean ok = aud instanceof String s && !s.isEmpty()
                || aud instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(a -> a instanceof String s && !s.isEmpty());
        if (!ok) {
            throw new Refused("claim 'aud' must be a non-empty string or a non-empty list of strings (or null to leave it out)");
        }
    }

    private static long time(String claim, Object value, long now) {
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() >= 0
                && n.longValue() < 253_402_300_800L) {
            return n.longValue();
        }
        if (value instanceof String s) {
            Matcher m = RELATIVE.matcher(s.strip());
            if (m.matches()) {
                if (m.group(1) == null) {
                    return now;
                }
                long unit = switch (m.group(3)) {
                    case "s" -> 1;
                    case "m" -> 60;
                    default -> 3600;
                };
                long delta = Long.parseLong(m.group(2)) * unit;
                return m.group(1).equals("+") ? now + delta : now - delta;
            }
        }
        throw new Refused("claim '" + claim + "' must be epoch seconds or now, now-10m, now+90s (s, m, h)");
    }
}
