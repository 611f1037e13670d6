package org.openintercom.cloud.store;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.ZoneId;
import org.openintercom.provisioning.claim.ClaimCode;
import org.openintercom.provisioning.claim.DeviceId;

/** The repositories on one test database with a hand-moved clock, and given-helpers for test data. */
public final class StoreFixture implements AutoCloseable {

    public final TestDatabase testDb;
    public final MutableClock clock = MutableClock.start();
    public final OrganisationStore organisations;
    public final UserStore users;
    public final DeviceStore devices;
    public final AuditLog audit;

    public StoreFixture(TestDatabase.Kind kind) {
        this.testDb = kind.open();
        Database db = testDb.database();
        organisations = new OrganisationStore(db, clock);
        users = new UserStore(db, clock);
        devices = new DeviceStore(db, clock);
        audit = new AuditLog(db, clock);
    }

    /** A new site in a new project of a new company. */
    public Site givenSite(String name) {
        Company company = organisations.createCompany(name + " company");
        Project project = organisations.createProject(company.id(), name + " project");
        return organisations.createSite(project.id(), name, ZoneId.of("Europe/Zurich"));
    }

    /** A claim code for a new device with a fresh EC birth key. */
    public static ClaimCode givenClaimCode() {
        return ClaimCode.newFor(DeviceId.random(), newEcPublicKey());
    }

    /** A fresh P-256 public key. */
    public static PublicKey newEcPublicKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair().getPublic();
        } catch (NoSuchAlgorithmException | java.security.InvalidAlgorithmParameterException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        testDb.close();
    }
}
