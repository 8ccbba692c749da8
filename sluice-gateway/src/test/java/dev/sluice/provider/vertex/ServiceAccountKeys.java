package dev.sluice.provider.vertex;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Service-account key files as Google issues them, with a fresh RSA key and a chosen token_uri. */
final class ServiceAccountKeys {
  static final String EMAIL = "sluice-test@my-project.iam.gserviceaccount.com";

  private ServiceAccountKeys() {}

  static Path write(Path dir, String tokenUri) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      String pem = "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
          + "\n-----END PRIVATE KEY-----\n";
      String json = """
          {"type": "service_account", "project_id": "my-project", "private_key_id": "0123456789abcdef",
           "private_key": "%s", "client_email": "%s", "client_id": "1234567890",
           "auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": "%s"}
          """.formatted(pem.replace("\n", "\\n"), EMAIL, tokenUri);
      Path file = dir.resolve("service-account.json");
      Files.writeString(file, json);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
