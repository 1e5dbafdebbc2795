pytest_plugins = ["waypost.testing"]
