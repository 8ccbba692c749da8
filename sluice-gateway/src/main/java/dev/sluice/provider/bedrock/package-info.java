/**
 * Amazon Bedrock: OpenAI Chat Completions through the Converse and ConverseStream APIs, OpenAI
 * embeddings through Titan Text Embeddings, every request signed with SigV4 by the AWS SDK's
 * signer.
 *
 * <ul>
 *   <li>{@link dev.sluice.provider.bedrock.BedrockProvider}: the provider, paths and signing;
 *   <li>{@code ConverseRequest}, {@code ConverseMessages}, {@code ContentParts},
 *       {@code ConverseTools}, {@code ResponseFormat}: the request, field by field; what
 *       Converse cannot express is refused, never dropped;
 *   <li>{@code ConverseResponse}, {@code ConverseUsage}: the answer and its token counts
 *       (cache reads and writes added back into the billed input);
 *   <li>{@code ConverseStreamTranslator}, {@code EventStreamReader}, {@code OpenAiChunkWriter} (shared): the
 *       binary event stream, frame by frame, to OpenAI chunks;
 *   <li>{@code TitanEmbeddings}, {@code BedrockErrors}.
 * </ul>
 */
package dev.sluice.provider.bedrock;
