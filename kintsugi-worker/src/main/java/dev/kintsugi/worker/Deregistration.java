package dev.kintsugi.worker;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;

/**
 * Deregisters the JDBC drivers of one candidate. Only ever run as a copy defined in a child of the
 * candidate's class loader (see {@link JdbcDrivers#deregister}), never from the worker's own
 * loader.
 */
public final class Deregistration implements Runnable {

  @Override
  public void run() {
    ClassLoader candidate = getClass().getClassLoader().getParent();
    for (Driver driver : Collections.list(DriverManager.getDrivers())) {
      if (driver.getClass().getClassLoader() == candidate) {
        try {
          DriverManager.deregisterDriver(driver);
        } catch (SQLException e) {
          // Then it stays registered; no other candidate can see it.
        }
      }
    }
  }
}
