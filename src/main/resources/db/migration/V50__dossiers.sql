-- Issue 13: integration clients, served dossiers from the dossier system, their registries,
-- one-time rating codes and the served-count rollups. Portable across MySQL 8, MariaDB 10.11 and
-- H2 (MySQL mode). Instants in UTC.

-- A dossier or queue system calling the API with "Authorization: Bearer hi_…". Only the SHA-256
-- of the key is kept; the key is shown once. Scope: the agency and everything below it.
CREATE TABLE integration_client (
    id            BIGINT AUTO_INCREMENT PRIMARY KEY,
    name          VARCHAR(200) NOT NULL,
    agency_id     BIGINT       NOT NULL,
    key_hash      CHAR(64)     NOT NULL,
    created_at    DATETIME(6)  NOT NULL,
    created_by    VARCHAR(100) NOT NULL,
    revoked_at    DATETIME(6)  NULL,
    last_used_at  DATETIME(6)  NULL,
    CONSTRAINT uq_integration_key UNIQUE (key_hash),
    CONSTRAINT fk_integration_agency FOREIGN KEY (agency_id) REFERENCES agency (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Registries the dossier system fills as it sends dossiers. Procedures are national (the code of
-- the national procedure database), counters and officers belong to one agency.
CREATE TABLE dossier_procedure (
    id     BIGINT AUTO_INCREMENT PRIMARY KEY,
    code   VARCHAR(64)  NOT NULL,
    name   VARCHAR(500) NULL,
    field  VARCHAR(255) NULL,
    CONSTRAINT uq_dossier_procedure UNIQUE (code)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE dossier_counter (
    id         BIGINT AUTO_INCREMENT PRIMARY KEY,
    agency_id  BIGINT       NOT NULL,
    code       VARCHAR(64)  NOT NULL,
    name       VARCHAR(255) NULL,
    CONSTRAINT uq_dossier_counter UNIQUE (agency_id, code),
    CONSTRAINT fk_dossier_counter_agency FOREIGN KEY (agency_id) REFERENCES agency (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE dossier_officer (
    id         BIGINT AUTO_INCREMENT PRIMARY KEY,
    agency_id  BIGINT       NOT NULL,
    code       VARCHAR(64)  NOT NULL,
    name       VARCHAR(255) NULL,
    CONSTRAINT uq_dossier_officer UNIQUE (agency_id, code),
    CONSTRAINT fk_dossier_officer_agency FOREIGN KEY (agency_id) REFERENCES agency (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One row per (agency, dossier number); the number itself only as its keyed hash (the same hash
-- response.dossier_hash holds). Dimensions are 0 when not sent. served_date is the return date in
-- the agency's zone: the rollup key this row was counted under. Rows may be purged after the
-- retention period; no figure reads them.
CREATE TABLE served_dossier (
    id                BIGINT AUTO_INCREMENT PRIMARY KEY,
    agency_id         BIGINT       NOT NULL,
    code_hash         CHAR(64)     NOT NULL,
    procedure_id      BIGINT       NOT NULL,
    counter_id        BIGINT       NOT NULL,
    officer_id        BIGINT       NOT NULL,
    channel           VARCHAR(16)  NOT NULL,
    received_at       DATETIME(6)  NULL,
    due_at            DATETIME(6)  NULL,
    returned_at       DATETIME(6)  NULL,
    served_date       DATE         NULL,
    content_hash      CHAR(64)     NOT NULL,
    rating_code_hash  CHAR(64)     NULL,
    rating_salt       INT          NOT NULL,
    rated_response_id CHAR(36)     NULL,
    rated_at          DATETIME(6)  NULL,
    created_at        DATETIME(6)  NOT NULL,
    updated_at        DATETIME(6)  NOT NULL,
    CONSTRAINT uq_served_dossier UNIQUE (agency_id, code_hash),
    CONSTRAINT uq_served_rating_code UNIQUE (rating_code_hash),
    CONSTRAINT fk_served_dossier_agency FOREIGN KEY (agency_id) REFERENCES agency (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
CREATE INDEX ix_served_dossier_purge ON served_dossier (updated_at);

-- Served and rated dossiers per agency, return day and dimension: every served-count figure
-- (response rate, Slovin target) is read here, never from served_dossier. rated counts the
-- dossiers of that row whose rating code has been used.
CREATE TABLE dossier_served_day (
    agency_id     BIGINT      NOT NULL,
    served_date   DATE        NOT NULL,
    procedure_id  BIGINT      NOT NULL,
    counter_id    BIGINT      NOT NULL,
    officer_id    BIGINT      NOT NULL,
    channel       VARCHAR(16) NOT NULL,
    served        BIGINT      NOT NULL,
    rated         BIGINT      NOT NULL,
    PRIMARY KEY (agency_id, served_date, procedure_id, counter_id, officer_id, channel),
    CONSTRAINT fk_dossier_served_day_agency FOREIGN KEY (agency_id) REFERENCES agency (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The dimensions a response rated by code carries (kept when the dossier row is purged).
CREATE TABLE response_dossier (
    response_id       CHAR(36)    NOT NULL PRIMARY KEY,
    served_dossier_id BIGINT      NOT NULL,
    agency_id         BIGINT      NOT NULL,
    procedure_id      BIGINT      NOT NULL,
    counter_id        BIGINT      NOT NULL,
    officer_id        BIGINT      NOT NULL,
    channel           VARCHAR(16) NOT NULL,
    CONSTRAINT fk_response_dossier_response FOREIGN KEY (response_id) REFERENCES response (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
