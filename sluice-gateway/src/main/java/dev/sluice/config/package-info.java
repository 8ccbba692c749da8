/**
 * The configuration file: {@code ${VAR}} substitution, YAML into immutable records (defaults in
 * their constructors), and validation that reports every problem as {@code <yaml.path>: <reason>}.
 * A configuration that does not validate never starts a server.
 */
package dev.sluice.config;
