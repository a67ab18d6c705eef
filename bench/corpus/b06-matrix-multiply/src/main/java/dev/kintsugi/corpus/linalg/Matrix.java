package dev.kintsugi.corpus.linalg;

import java.util.Arrays;

/** Small immutable dense matrix of doubles. */
public final class Matrix {

    private static final double EPSILON = 1e-9;

    private final double[][] data;
    private final int rows;
    private final int cols;

    private Matrix(double[][] data) {
        this.data = data;
        this.rows = data.length;
        this.cols = data.length == 0 ? 0 : data[0].length;
    }

    public static Matrix of(double[]... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("matrix needs at least one row");
        }
        double[][] copy = new double[values.length][];
        for (int r = 0; r < values.length; r++) {
            if (values[r].length != values[0].length) {
                throw new IllegalArgumentException("ragged row " + r);
            }
            copy[r] = values[r].clone();
        }
        return new Matrix(copy);
    }

    public static Matrix identity(int size) {
        double[][] out = new double[size][size];
        for (int i = 0; i < size; i++) {
            out[i][i] = 1.0;
        }
        return new Matrix(out);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public double get(int row, int col) {
        return data[row][col];
    }

    public Matrix transpose() {
        double[][] out = new double[cols][rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[j][i] = data[i][j];
            }
        }
        return new Matrix(out);
    }

    public Matrix add(Matrix other) {
        if (rows != other.rows || cols != other.cols) {
            throw new IllegalArgumentException("dimension mismatch");
        }
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i][j] = data[i][j] + other.data[i][j];
            }
        }
        return new Matrix(out);
    }

    public Matrix multiply(Matrix other) {
        if (cols != other.rows) {
            throw new IllegalArgumentException("cannot multiply " + rows + "x" + cols
                    + " by " + other.rows + "x" + other.cols);
        }
        double[][] out = new double[rows][other.cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < other.cols; j++) {
                double sum = 0.0;
                for (int k = 0; k < cols; k++) {
                    sum += data[i][k] * other.data[i][j];
                }
                out[i][j] = sum;
            }
        }
        return new Matrix(out);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Matrix other) || rows != other.rows || cols != other.cols) {
            return false;
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (Math.abs(data[i][j] - other.data[i][j]) > EPSILON) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return rows * 31 + cols;
    }

    @Override
    public String toString() {
        return Arrays.deepToString(data);
    }
}
