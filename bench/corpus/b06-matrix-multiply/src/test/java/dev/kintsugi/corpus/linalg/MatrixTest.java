package dev.kintsugi.corpus.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MatrixTest {

    @Test
    void transposeSwapsRowsAndColumns() {
        Matrix m = Matrix.of(new double[] {1, 2, 3}, new double[] {4, 5, 6});
        assertEquals(Matrix.of(new double[] {1, 4}, new double[] {2, 5}, new double[] {3, 6}), m.transpose());
    }

    @Test
    void addIsElementWise() {
        Matrix a = Matrix.of(new double[] {1, 2}, new double[] {3, 4});
        Matrix b = Matrix.of(new double[] {10, 20}, new double[] {30, 40});
        assertEquals(Matrix.of(new double[] {11, 22}, new double[] {33, 44}), a.add(b));
    }

    @Test
    void multiplyingByIdentityKeepsMatrix() {
        Matrix a = Matrix.of(new double[] {1, 2}, new double[] {3, 4});
        assertEquals(a, a.multiply(Matrix.identity(2)));
    }

    @Test
    void multiplySquare() {
        Matrix a = Matrix.of(new double[] {1, 2}, new double[] {3, 4});
        Matrix b = Matrix.of(new double[] {5, 6}, new double[] {7, 8});
        assertEquals(Matrix.of(new double[] {19, 22}, new double[] {43, 50}), a.multiply(b));
    }

    @Test
    void multiplyTallByWide() {
        Matrix a = Matrix.of(new double[] {1, 2}, new double[] {3, 4}, new double[] {5, 6});
        Matrix b = Matrix.of(new double[] {1, 0, 2}, new double[] {0, 1, 3});
        Matrix product = a.multiply(b);
        assertEquals(3, product.rows());
        assertEquals(3, product.cols());
        assertEquals(Matrix.of(new double[] {1, 2, 8}, new double[] {3, 4, 18}, new double[] {5, 6, 28}), product);
    }

    @Test
    void dimensionMismatchIsRejected() {
        Matrix a = Matrix.of(new double[] {1, 2, 3});
        assertThrows(IllegalArgumentException.class, () -> a.multiply(Matrix.identity(2)));
    }

    @Test
    void raggedRowsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Matrix.of(new double[] {1, 2}, new double[] {3}));
    }

    @Test
    void identityHasOnesOnDiagonal() {
        Matrix id = Matrix.identity(3);
        assertEquals(1.0, id.get(2, 2));
        assertEquals(0.0, id.get(0, 2));
    }
}
