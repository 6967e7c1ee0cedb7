package org.dtls4j.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The CBC benchmarks set up and do what they say: records arrive, each padding shape opens or is refused as built. */
class CbcBenchmarkSetupTest {

    @ParameterizedTest
    @EnumSource(CbcRecordBenchmark.Protection.class)
    void everyProtectionDeliversTheRecord(CbcRecordBenchmark.Protection protection) {
        CbcRecordBenchmark b = new CbcRecordBenchmark();
        b.protection = protection;
        b.payload = 1200;
        b.setUp();
        assertEquals(1200, b.writeAndRead());
        b.checkNothingDiscarded();
    }

    @ParameterizedTest
    @EnumSource(MacThenEncryptShapes.Shape.class)
    void everyShapeOpensOrIsRefusedAsBuilt(MacThenEncryptShapes.Shape shape) throws Exception {
        CbcPaddingBenchmark b = new CbcPaddingBenchmark();
        b.shape = shape.name();
        b.setUp();
        int n = b.open();
        assertEquals(shape.opens() ? shape.macedLength() : -1, n);
        assertEquals(32, b.naiveMac().length);
    }

    @Test
    void theShapesSpanThePaddingsLuckyThirteenSeparates() {
        assertEquals(1247, MacThenEncryptShapes.Shape.VALID_PADDING_0.macedLength());
        assertEquals(992, MacThenEncryptShapes.Shape.BAD_MAC_PADDING_255.macedLength());
        assertEquals(1248, MacThenEncryptShapes.Shape.BAD_PADDING.macedLength());
        assertTrue(MacThenEncryptShapes.Shape.VALID_PADDING_255.opens());
    }
}
