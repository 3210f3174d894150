/**
 * Hosted accounts as the bridges see them: {@link org.scurry.bridges.accounts.AccountDirectory} to
 * find an account by name, JID or feed and to check MQTT passwords and timeline tokens, and {@link
 * org.scurry.bridges.accounts.AccountRegistry} to create and change them. The gateway implements
 * both (encrypted key storage lives there, not here).
 */
package org.scurry.bridges.accounts;
