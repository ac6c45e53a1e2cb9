"""Tests of Post Editor as authors get it: a wheel installed outside the checkout."""
