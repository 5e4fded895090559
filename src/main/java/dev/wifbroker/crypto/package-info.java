/**
 * Which JCA provider does the broker's cryptography: the Amazon Corretto Crypto Provider (AWS-LC, native) when it
 * loads and passes its self-test, else the JDK's own providers ({@code broker.crypto.provider}: auto, native, jdk).
 * Entry points: {@link dev.wifbroker.crypto.CryptoProviders#install} (run once at start, before any key is generated
 * or any signature made or checked), {@link dev.wifbroker.crypto.Jca} (where the broker's own code gets a
 * {@code Signature} or {@code KeyPairGenerator}) and {@link dev.wifbroker.crypto.SignatureCache} (one instance per
 * thread and algorithm on the request path). Depends on no other broker package.
 */
package dev.wifbroker.crypto;
