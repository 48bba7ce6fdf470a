/**
 * Cross-cutting infrastructure every business module stands on: the embedded PostgreSQL bootstrap
 * and data source, RFC 9457 error handling, bearer-token security, request ids and background jobs
 * with progress. It owns no business state and publishes no domain events; business modules plug
 * into it through small ports such as {@link dev.mercato.platform.security.AccessTokens}.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN, allowedDependencies = {})
package dev.mercato.platform;
