// How a Java backend reads the session `cmcc-uaid serve` sets, with the JDK alone (Java 17+):
// java.net.http fetches the service's JWKS, java.security checks the ES256 signature. No library.
//
//   javac -d out UaidSession.java
//   java -cp out UaidSession https://m.example.com/.well-known/jwks.json https://m.example.com/uaid shop-backend "uaid_session=eyJ…"
//
// prints {"uaid":"…","traceId":"…","carrier":…,"expiresAt":…} and exits 0, or says why not and exits 1.
//
// In Spring (Boot 3, jakarta.servlet), one verifier for the application and a filter that puts the
// session on the request, where controllers read it:
//
//   @Component
//   public class UaidSessionFilter extends OncePerRequestFilter {
//       private final UaidSession sessions = new UaidSession(
//           URI.create("http://127.0.0.1:8791/.well-known/jwks.json"), "https://m.example.com/uaid", "shop-backend");
//
//       @Override
//       protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
//               throws ServletException, IOException {
//           try {
//               sessions.fromCookieHeader(request.getHeader("Cookie"), "uaid_session")
//                   .ifPresent(session -> request.setAttribute("uaidSession", session));
//           } catch (UaidSession.InvalidSessionException e) {
//               // forged, expired or from another issuer: treat the request as signed out
//           }
//           chain.doFilter(request, response);
//       }
//   }
//
//   // in a controller: @RequestAttribute(name = "uaidSession", required = false) UaidSession.Session session

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

public final class UaidSession {
    /** What the session says: the UAID (the JWT's sub), the traceId (jti), the carrier when known, and when it ends. */
    public record Session(String uaid, String traceId, String carrier, long expiresAt) {}

    /** The cookie is forged, expired, from another issuer or audience, or signed by a key the JWKS does not list. */
    public static final class InvalidSessionException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidSessionException(String message) { super(message); }
    }

    private static final long LEEWAY_SECONDS = 30;
    private static final Duration REFETCH_AT_MOST_EVERY = Duration.ofSeconds(30);

    private final URI jwksUri;
    private final String issuer;
    private final String audience;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
    private volatile long fetchedAtMillis;

    public UaidSession(URI jwksUri, String issuer, String audience) {
        this.jwksUri = jwksUri;
        this.issuer = issuer;
        this.audience = audience;
    }

    /** The session in a request's Cookie header: empty without the cookie, an exception when it does not verify. */
    public Optional<Session> fromCookieHeader(String cookieHeader, String cookieName) throws InvalidSessionException {
        if (cookieHeader == null) return Optional.empty();
        for (String part : cookieHeader.split(";")) {
            String trimmed = part.trim();
            if (trimmed.startsWith(cookieName + "=")) return Optional.of(verify(trimmed.substring(cookieName.length() + 1)));
        }
        return Optional.empty();
    }

    /** Checks the JWT's ES256 signature against the JWKS, then iss, aud and exp. */
    public Session verify(String jwt) throws InvalidSessionException {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) throw new InvalidSessionException("not a JWT");
        Map<String, Object> header = object(decode(parts[0]));
        // The algorithm is fixed here, never taken from the token: a token cannot pick "none" or HS256.
        if (!"ES256".equals(header.get("alg"))) throw new InvalidSessionException("alg is not ES256");
        PublicKey key = key(String.valueOf(header.get("kid")));
        try {
            // A JWS ES256 signature is R || S, 32 bytes each (RFC 7518 § 3.4), not DER: the P1363 variant reads it as it is.
            Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify(key);
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(Base64.getUrlDecoder().decode(parts[2]))) throw new InvalidSessionException("bad signature");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidSessionException("bad signature: " + e.getMessage());
        }
        Map<String, Object> claims = object(decode(parts[1]));
        long now = System.currentTimeMillis() / 1000;
        if (!issuer.equals(claims.get("iss"))) throw new InvalidSessionException("wrong issuer");
        Object aud = claims.get("aud");
        if (!(audience.equals(aud) || (aud instanceof List<?> list && list.contains(audience)))) throw new InvalidSessionException("wrong audience");
        if (!(claims.get("exp") instanceof Number exp) || exp.longValue() + LEEWAY_SECONDS <= now) throw new InvalidSessionException("expired");
        if (!(claims.get("sub") instanceof String sub) || sub.isEmpty()) throw new InvalidSessionException("no sub");
        Object carrier = claims.get("carrier");
        return new Session(sub, (String) claims.get("jti"), carrier instanceof String c ? c : null, ((Number) claims.get("exp")).longValue());
    }

    /** The key named `kid`; an unknown kid fetches the JWKS again (a rotation), at most every 30 seconds. */
    private PublicKey key(String kid) throws InvalidSessionException {
        PublicKey key = keys.get(kid);
        if (key != null) return key;
        if (System.currentTimeMillis() - fetchedAtMillis > REFETCH_AT_MOST_EVERY.toMillis() || fetchedAtMillis == 0) fetchKeys();
        key = keys.get(kid);
        if (key == null) throw new InvalidSessionException("no key " + kid + " in the JWKS");
        return key;
    }

    private synchronized void fetchKeys() throws InvalidSessionException {
        try {
            HttpRequest request = HttpRequest.newBuilder(jwksUri).timeout(Duration.ofSeconds(5)).GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) throw new InvalidSessionException("JWKS answered " + response.statusCode());
            for (Object item : (List<?>) object(response.body()).get("keys")) {
                @SuppressWarnings("unchecked") Map<String, Object> jwk = (Map<String, Object>) item;
                if ("EC".equals(jwk.get("kty")) && "P-256".equals(jwk.get("crv"))) keys.put((String) jwk.get("kid"), ecKey(jwk));
            }
            fetchedAtMillis = System.currentTimeMillis();
        } catch (InvalidSessionException e) {
            throw e;
        } catch (Exception e) {
            throw new InvalidSessionException("cannot read the JWKS: " + e);
        }
    }

    private static PublicKey ecKey(Map<String, Object> jwk) throws GeneralSecurityException {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        ECPoint point = new ECPoint(unsigned((String) jwk.get("x")), unsigned((String) jwk.get("y")));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, parameters.getParameterSpec(ECParameterSpec.class)));
    }

    private static BigInteger unsigned(String base64url) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(base64url));
    }

    private static String decode(String base64url) throws InvalidSessionException {
        try {
            return new String(Base64.getUrlDecoder().decode(base64url), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidSessionException("not Base64url");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String json) throws InvalidSessionException {
        try {
            Object value = new Json(json).value();
            if (value instanceof Map<?, ?> map) return (Map<String, Object>) map;
        } catch (RuntimeException e) {
            // falls through
        }
        throw new InvalidSessionException("not a JSON object");
    }

    /** Just enough JSON for a JWT and a JWKS: objects, arrays, strings, numbers, booleans, null. In an app, use Jackson. */
    private static final class Json {
        private final String text;
        private int at;

        Json(String text) { this.text = text; }

        Object value() {
            skip();
            char c = text.charAt(at);
            if (c == '{') {
                Map<String, Object> map = new LinkedHashMap<>();
                at++;
                skip();
                if (text.charAt(at) == '}') { at++; return map; }
                do {
                    skip();
                    String key = (String) value();
                    skip();
                    expect(':');
                    map.put(key, value());
                    skip();
                } while (text.charAt(at++) == ',');
                if (text.charAt(at - 1) != '}') throw new IllegalArgumentException("expected }");
                return map;
            }
            if (c == '[') {
                List<Object> list = new ArrayList<>();
                at++;
                skip();
                if (text.charAt(at) == ']') { at++; return list; }
                do { list.add(value()); skip(); } while (text.charAt(at++) == ',');
                if (text.charAt(at - 1) != ']') throw new IllegalArgumentException("expected ]");
                return list;
            }
            if (c == '"') return string();
            if (text.startsWith("true", at)) { at += 4; return Boolean.TRUE; }
            if (text.startsWith("false", at)) { at += 5; return Boolean.FALSE; }
            if (text.startsWith("null", at)) { at += 4; return null; }
            int start = at;
            while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) at++;
            String number = text.substring(start, at);
            return number.matches("-?\\d+") ? (Object) Long.parseLong(number) : (Object) Double.parseDouble(number);
        }

        private String string() {
            StringBuilder out = new StringBuilder();
            at++;
            while (true) {
                char c = text.charAt(at++);
                if (c == '"') return out.toString();
                if (c != '\\') { out.append(c); continue; }
                char e = text.charAt(at++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> { out.append((char) Integer.parseInt(text.substring(at, at + 4), 16)); at += 4; }
                    default -> out.append(e);
                }
            }
        }

        private void skip() { while (at < text.length() && Character.isWhitespace(text.charAt(at))) at++; }

        private void expect(char c) { if (text.charAt(at++) != c) throw new IllegalArgumentException("expected " + c); }
    }

    private static String quoted(String value) {
        if (value == null) return "null";
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out.append('"').toString();
    }

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: java UaidSession JWKS_URL ISSUER AUDIENCE \"COOKIE_HEADER\"");
            System.exit(2);
        }
        try {
            Optional<Session> found = new UaidSession(URI.create(args[0]), args[1], args[2]).fromCookieHeader(args[3], "uaid_session");
            if (found.isEmpty()) throw new InvalidSessionException("no uaid_session cookie");
            Session s = found.get();
            System.out.println("{\"uaid\":" + quoted(s.uaid()) + ",\"traceId\":" + quoted(s.traceId()) + ",\"carrier\":" + quoted(s.carrier()) + ",\"expiresAt\":" + s.expiresAt() + "}");
        } catch (InvalidSessionException e) {
            System.err.println("not a valid session: " + e.getMessage());
            System.exit(1);
        }
    }
}
