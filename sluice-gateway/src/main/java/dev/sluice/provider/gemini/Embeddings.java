package dev.sluice.provider.gemini;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The vectors a Google embeddings endpoint returned, in input order, and the input tokens it
 * counted, or -1 when it reports none.
 */
public record Embeddings(List<double[]> vectors, long inputTokens) {

  /** Reads the array of numbers the parser is at the start of. */
  public static double[] readValues(JsonParser json) throws IOException {
    if (json.currentToken() != JsonToken.START_ARRAY) {
      throw new IOException("embedding values are not an array");
    }
    double[] values = new double[256];
    int n = 0;
    for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; token = json.nextToken()) {
      if (!token.isNumeric()) {
        throw new IOException("an embedding value that is not a number");
      }
      if (n == values.length) {
        values = Arrays.copyOf(values, n * 2);
      }
      values[n++] = json.getDoubleValue();
    }
    return Arrays.copyOf(values, n);
  }
}
