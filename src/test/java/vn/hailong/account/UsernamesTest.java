package vn.hailong.account;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one username normalisation: NFKC, lower case, strip; invisible and control characters refused. */
class UsernamesTest {

    @Test
    void lookAlikesBecomeTheOneName() {
        assertThat(Usernames.normalise("ｓｏｍｅｏｎｅ")).hasValue("someone");
        assertThat(Usernames.normalise(" SomeOne ")).hasValue("someone");
        assertThat(Usernames.normalise("ﬁona")).as("ligature").hasValue("fiona");
        assertThat(Usernames.normalise("sömeone")).as("a real letter stays").hasValue("sömeone");
    }

    @Test
    void controlAndInvisibleCharactersAreRefused() {
        for (String bad : new String[] {"someone\u0000", "some\u200bone", "some\u200done", "some\u00adone", "\ufeffsomeone",
                "some\u202eone", "some\u2028one", "some\ud800one", "some\ue000one", "some\u034fone", "some\ufe0fone", "some\u3164one"}) {
            assertThat(Usernames.normalise(bad)).as("U+%04X", (int) bad.chars().filter(c -> c < 0x20 || c > 0x7e).findFirst().orElse(0))
                    .isEmpty();
        }
    }
}
