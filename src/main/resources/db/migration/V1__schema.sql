-- Hailong schema. Portable across MySQL 8, MariaDB 10.11 and H2 (MySQL mode).
-- Instants are stored in UTC as DATETIME(6).

CREATE TABLE agency (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    code        VARCHAR(64)  NOT NULL,
    name_vi     VARCHAR(255) NOT NULL,
    name_en     VARCHAR(255) NOT NULL,
    kind        VARCHAR(32)  NOT NULL,
    parent_id   BIGINT       NULL,
    time_zone   VARCHAR(64)  NOT NULL,
    valid_from  DATE         NULL,
    valid_to    DATE         NULL,
    created_at  DATETIME(6)  NOT NULL,
    CONSTRAINT uq_agency_code UNIQUE (code),
    CONSTRAINT fk_agency_parent FOREIGN KEY (parent_id) REFERENCES agency (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Every (ancestor, descendant) pair, itself included at depth 0: subtree questions become one join.
CREATE TABLE agency_closure (
    ancestor_id   BIGINT NOT NULL,
    descendant_id BIGINT NOT NULL,
    depth         INT    NOT NULL,
    PRIMARY KEY (ancestor_id, descendant_id),
    CONSTRAINT fk_closure_ancestor FOREIGN KEY (ancestor_id) REFERENCES agency (id),
    CONSTRAINT fk_closure_descendant FOREIGN KEY (descendant_id) REFERENCES agency (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
CREATE INDEX ix_closure_descendant ON agency_closure (descendant_id, depth);

CREATE TABLE survey_version (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    code        VARCHAR(64)  NOT NULL,
    version     INT          NOT NULL,
    title_vi    VARCHAR(255) NOT NULL,
    title_en    VARCHAR(255) NOT NULL,
    definition  LONGTEXT     NOT NULL,
    checksum    CHAR(64)     NOT NULL,
    source      VARCHAR(255) NOT NULL,
    created_at  DATETIME(6)  NOT NULL,
    retired_at  DATETIME(6)  NULL,
    CONSTRAINT uq_survey_version UNIQUE (code, version)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE account (
    id            BIGINT AUTO_INCREMENT PRIMARY KEY,
    username      VARCHAR(64)  NOT NULL,
    password_hash VARCHAR(100) NOT NULL,
    role          VARCHAR(16)  NOT NULL,
    agency_id     BIGINT       NULL,
    enabled       BOOLEAN      NOT NULL,
    created_at    DATETIME(6)  NOT NULL,
    CONSTRAINT uq_account_username UNIQUE (username),
    CONSTRAINT fk_account_agency FOREIGN KEY (agency_id) REFERENCES agency (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE kiosk (
    id            BIGINT AUTO_INCREMENT PRIMARY KEY,
    agency_id     BIGINT       NOT NULL,
    label         VARCHAR(100) NOT NULL,
    token_hash    CHAR(64)     NOT NULL,
    created_at    DATETIME(6)  NOT NULL,
    revoked_at    DATETIME(6)  NULL,
    last_seen_at  DATETIME(6)  NULL,
    CONSTRAINT uq_kiosk_token UNIQUE (token_hash),
    CONSTRAINT fk_kiosk_agency FOREIGN KEY (agency_id) REFERENCES agency (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One row per acknowledged submission; id is the client's idempotency key.
-- scores: one digit per scale question of the version, in definition order ('0' = no answer),
-- so a report reads one narrow row per response instead of every answer.
CREATE TABLE response (
    id                CHAR(36)     NOT NULL PRIMARY KEY,
    survey_code       VARCHAR(64)  NOT NULL,
    survey_version_id BIGINT       NOT NULL,
    agency_id         BIGINT       NOT NULL,
    channel           VARCHAR(16)  NOT NULL,
    language          VARCHAR(8)   NULL,
    kiosk_id          BIGINT       NULL,
    started_at        DATETIME(6)  NULL,
    submitted_at      DATETIME(6)  NOT NULL,
    submitted_date    DATE         NOT NULL,
    received_at       DATETIME(6)  NOT NULL,
    dossier_hash      CHAR(64)     NULL,
    content_hash      CHAR(64)     NOT NULL,
    scores            VARCHAR(128) NOT NULL,
    CONSTRAINT uq_response_dossier UNIQUE (survey_code, dossier_hash),
    CONSTRAINT fk_response_version FOREIGN KEY (survey_version_id) REFERENCES survey_version (id),
    CONSTRAINT fk_response_agency FOREIGN KEY (agency_id) REFERENCES agency (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
-- Covering index for report scans: agency + survey + date range, reading version and scores only.
CREATE INDEX ix_response_report ON response (agency_id, survey_code, submitted_date, survey_version_id, scores);

CREATE TABLE answer (
    response_id   CHAR(36)      NOT NULL,
    question_code VARCHAR(64)   NOT NULL,
    ordinal       SMALLINT      NOT NULL,
    value_int     INT           NULL,
    value_text    VARCHAR(4000) NULL,
    PRIMARY KEY (response_id, question_code, ordinal),
    CONSTRAINT fk_answer_response FOREIGN KEY (response_id) REFERENCES response (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
