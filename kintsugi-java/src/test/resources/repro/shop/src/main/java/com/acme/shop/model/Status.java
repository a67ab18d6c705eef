package com.acme.shop.model;

public enum Status {
  NEW,
  PAID,
  SHIPPED
}
