package dev.sluice.provider.vertex;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Access tokens for a service account, through google-auth-library: a JWT signed with the key
 * from the account's JSON file, exchanged at the file's {@code token_uri} for a token with the
 * cloud-platform scope. Each {@link #fetch()} is a fresh exchange; caching and timing are the
 * {@link AccessTokenHolder}'s.
 */
final class ServiceAccountTokens implements AccessTokenHolder.TokenSource {
  static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";

  private final GoogleCredentials credentials;

  private ServiceAccountTokens(GoogleCredentials credentials) {
    this.credentials = credentials;
  }

  /** Reads and parses the key file (small and local: read once, when the backend is built). */
  static ServiceAccountTokens fromFile(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new ServiceAccountTokens(ServiceAccountCredentials.fromStream(in).createScoped(List.of(SCOPE)));
    }
  }

  @Override
  public AccessTokenHolder.Token fetch() throws IOException {
    AccessToken token = credentials.refreshAccessToken();
    return new AccessTokenHolder.Token(token.getTokenValue(),
        token.getExpirationTime() == null ? null : token.getExpirationTime().toInstant());
  }
}
