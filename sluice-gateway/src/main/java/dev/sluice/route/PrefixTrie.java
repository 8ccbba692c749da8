package dev.sluice.route;

import java.util.HashMap;
import java.util.Map;

/**
 * Routes whose model glob is a literal prefix followed by {@code *} ({@code "claude-*"}), keyed
 * by that prefix in a character trie: the routes a model can match are found by walking the
 * model's characters once, whatever the number of such routes. Built once per configuration,
 * read-only after.
 */
final class PrefixTrie {
  private static final int[] NONE = new int[0];

  private static final class Node {
    final Map<Character, Node> next = new HashMap<>(4);
    int[] routes = NONE; // indexes of routes whose prefix ends here
  }

  private final Node root = new Node();
  private boolean empty = true;

  void add(String prefix, int route) {
    Node node = root;
    for (int i = 0; i < prefix.length(); i++) {
      node = node.next.computeIfAbsent(prefix.charAt(i), c -> new Node());
    }
    if (node.routes.length == 0 || node.routes[node.routes.length - 1] != route) {
      int[] grown = java.util.Arrays.copyOf(node.routes, node.routes.length + 1);
      grown[node.routes.length] = route;
      node.routes = grown;
    }
    empty = false;
  }

  /** Adds to {@code into} the routes of every prefix of {@code model}. */
  void collect(String model, IntList into) {
    if (empty) {
      return;
    }
    Node node = root;
    into.addAll(node.routes);
    for (int i = 0; i < model.length(); i++) {
      node = node.next.get(model.charAt(i));
      if (node == null) {
        return;
      }
      into.addAll(node.routes);
    }
  }

  /** A growable list of route indexes, reused per lookup. */
  static final class IntList {
    int[] items = new int[8];
    int size;

    void add(int value) {
      if (size == items.length) {
        items = java.util.Arrays.copyOf(items, size * 2);
      }
      items[size++] = value;
    }

    void addAll(int[] values) {
      for (int value : values) {
        add(value);
      }
    }
  }
}
