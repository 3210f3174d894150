/**
 * Typed keys and the encodings other code needs: {@link org.scurry.swarm.crypto.Ed25519Signer} (a
 * private key), {@link org.scurry.swarm.crypto.Ed25519PublicKey}, {@link
 * org.scurry.swarm.crypto.Base64Url}, and the choice of Ed25519 library ({@link
 * org.scurry.swarm.crypto.CryptoChoice}). The engines (libsodium, BouncyCastle), X25519,
 * ChaCha20-Poly1305, HKDF and SHA-256 are in {@code internal.crypto}.
 */
package org.scurry.swarm.crypto;
