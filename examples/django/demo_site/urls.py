from django.urls import include, path

from demo_site import views

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in", views.sign_in, name="sign-in"),
    path("sign-out", views.sign_out, name="sign-out"),
    # GET /chat-autologin/token and /chat-autologin/client.js: the routes carry
    # their prefix, CHAT_AUTOLOGIN["PATH_PREFIX"] (default /chat-autologin).
    path("", include("chat_autologin.django.urls")),
]
