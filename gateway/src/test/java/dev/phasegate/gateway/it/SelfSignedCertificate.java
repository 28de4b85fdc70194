package dev.phasegate.gateway.it;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A self-signed certificate for 127.0.0.1 and localhost, written as PEM files (made with BouncyCastle). */
final class SelfSignedCertificate {

    final Path certificate;
    final Path pkcs8Key;
    final Path pkcs1Key;

    private SelfSignedCertificate(Path certificate, Path pkcs8Key, Path pkcs1Key) {
        this.certificate = certificate;
        this.pkcs8Key = pkcs8Key;
        this.pkcs1Key = pkcs1Key;
    }

    static SelfSignedCertificate generate(Path dir) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        X500Name name = new X500Name("CN=phasegate-test");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(1, ChronoUnit.DAYS)), name, keys.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));

        Path certFile = dir.resolve("server.crt");
        Path pkcs8 = dir.resolve("server.key");
        Path pkcs1 = dir.resolve("server-rsa.key");
        write(certFile, new JcaMiscPEMGenerator(cert));
        write(pkcs8, new JcaPKCS8Generator(keys.getPrivate(), null));
        write(pkcs1, new JcaMiscPEMGenerator(keys.getPrivate()));
        return new SelfSignedCertificate(certFile, pkcs8, pkcs1);
    }

    private static void write(Path file, org.bouncycastle.util.io.pem.PemObjectGenerator pem) throws IOException {
        try (Writer w = Files.newBufferedWriter(file); JcaPEMWriter writer = new JcaPEMWriter(w)) {
            writer.writeObject(pem);
        }
    }
}
