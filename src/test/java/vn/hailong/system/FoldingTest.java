package vn.hailong.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FoldingTest {

    @Test
    void accentsCaseAndDStrokeAreIgnored() {
        assertThat(Folding.fold("Tiêu CỰC, Đòi phong bì")).isEqualTo("tieu cuc, doi phong bi");
        assertThat(Folding.fold("Phải chờ đợi lâu")).contains(Folding.fold("cho doi"));
        assertThat(Folding.fold("Đi lại nhiều lần")).contains(Folding.fold("di lai"));
        assertThat(Folding.fold("  ĐI   LẠI ")).isEqualTo("di lai");
    }

    @Test
    void decomposedInputFoldsLikePrecomposed() {
        // "ờ" typed as o + combining horn + combining grave (NFD), as some phone keyboards send it
        assertThat(Folding.fold("cho\u031B\u0300")).isEqualTo(Folding.fold("chờ"));
    }

    @Test
    void differentWordsStayDifferent() {
        assertThat(Folding.fold("chờ đợi")).doesNotContain("cho dai");
    }
}
