package dev.sluice.provider.bedrock;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 written out from AWS's description, for tests only: an oracle
 * independent of the SDK's signer, so a test can tell whether what Sluice sends (path encoding,
 * headers, body) is what a SigV4 verifier, Bedrock's, would accept.
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html">Create a signed AWS API request</a>
 */
final class SigV4Oracle {
  private SigV4Oracle() {}

  /**
   * The signature for a POST with no query string.
   *
   * @param path the path as sent (percent-encoded once)
   * @param headers the signed headers, lower-case names
   */
  static String signature(String secretKey, String region, String service, String amzDate,
      String path, Map<String, String> headers, byte[] body) throws Exception {
    String signedHeaders = headers.keySet().stream().sorted().collect(Collectors.joining(";"));
    String canonicalHeaders = headers.keySet().stream().sorted()
        .map(name -> name + ":" + headers.get(name).strip() + "\n").collect(Collectors.joining());
    String canonicalRequest = String.join("\n", "POST", canonicalUri(path), "", canonicalHeaders,
        signedHeaders, hex(sha256(body)));
    String date = amzDate.substring(0, 8);
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String stringToSign = String.join("\n", "AWS4-HMAC-SHA256", amzDate, scope,
        hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
    byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
    for (String part : List.of(region, service, "aws4_request")) {
      key = hmac(key, part);
    }
    return hex(hmac(key, stringToSign));
  }

  /** Every service but S3 encodes each path segment twice: once on the wire, once more here. */
  private static String canonicalUri(String path) {
    StringBuilder uri = new StringBuilder();
    for (String segment : path.substring(1).split("/", -1)) {
      String raw = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
      uri.append('/').append(encode(encode(raw)));
    }
    return uri.toString();
  }

  /** RFC 3986 percent-encoding: everything but A-Z a-z 0-9 - _ . ~ */
  private static String encode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xFF));
      }
    }
    return out.toString();
  }

  private static byte[] sha256(byte[] bytes) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(bytes);
  }

  private static byte[] hmac(byte[] key, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
